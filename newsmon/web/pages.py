"""Server-rendered cluster pages: the list (sort, search, facets) and one cluster."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from sqlalchemy import Connection

import storage
from storage.fulltext import search_terms

from ..core.clusterviews import detail_of, load_cluster, member_diffs, overview_row, pair_diff
from ..core.names import UnknownSource, require_source
from .deps import connection, render
from .forms import form_choice, form_day, form_int, link

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
Conn = Annotated[Connection, Depends(connection)]
SORT_LABELS = {"size": "size (biggest first)", "newest": "newest (latest copy joined)",
               "first_published": "first published (latest first)",
               "sources": "sources (most outlets first)"}


@dataclass(frozen=True)
class ListView:
    """What the cluster list shows, read leniently from its form: a bad value is said on
    the page (`problems`) instead of a JSON 422."""

    flt: storage.ClusterFilter
    page: int
    per_page: int
    query: dict  # the view's parameters, for links
    problems: list[str]


def list_view(conn: Connection, since: str, min_size: str, source: str, q: str, day: str,
              sort: str, page: str, per_page: str) -> ListView:
    problems: list[str] = []
    seen_since = form_day(since, "since", problems)
    first_day = form_day(day, "day", problems)
    size = form_int(min_size, "minimum size", 2, problems)
    number = form_int(page, "page", 1, problems)
    size_of_page = min(form_int(per_page, "clusters a page", PAGE_SIZE, problems), 200)
    order = form_choice(sort, storage.SORTS, "sort", problems)
    try:
        chosen = require_source(conn, source or None)
    except UnknownSource as exc:
        problems.append(f"{exc}; the source filter is ignored")
        chosen = None
    if q.strip() and not search_terms(q):
        problems.append(f"the search {q!r} has no words to look for; ignored")
    flt = storage.ClusterFilter(
        since=datetime.combine(seen_since, time.min, timezone.utc) if seen_since else None,
        min_size=size, source=chosen, search=q.strip() or None, day=first_day, sort=order)
    query = {"since": since, "min_size": size, "source": chosen or "", "q": q,
             "day": first_day.isoformat() if first_day else "", "sort": order,
             "per_page": size_of_page if size_of_page != PAGE_SIZE else ""}
    return ListView(flt, number, size_of_page, query, problems)


@router.get("/clusters", response_class=HTMLResponse)
def cluster_list(request: Request, conn: Conn, since: str = "", min_size: str = "2",
                 source: str = "", q: str = "", day: str = "", sort: str = "size",
                 page: str = "1", per_page: str = str(PAGE_SIZE)) -> HTMLResponse:
    view = list_view(conn, since, min_size, source, q, day, sort, page, per_page)
    total = storage.count_found_clusters(conn, view.flt)
    offset = (view.page - 1) * view.per_page
    rows = [overview_row(v) for v in storage.find_clusters(conn, view.flt, view.per_page,
                                                           offset)]
    today = storage.utcnow().date().isoformat()
    for row in rows:
        row["new_today"] = row["first_seen"][:10] == today
    api_query = {k: v for k, v in view.query.items() if k != "per_page"}
    api_page = {"limit": view.per_page, "offset": offset or ""}
    more = view.page * view.per_page < total
    return render(request, "clusters.html", rows=rows, total=total, page=view.page,
                  pages=max(1, -(-total // view.per_page)), problems=view.problems,
                  sources=storage.source_names(conn), form=view.query, sorts=SORT_LABELS,
                  facets=storage.cluster_facets(conn, view.flt), link=link,
                  json_link=link("/api/clusters", api_query, **api_page),
                  csv_link=link("/api/clusters.csv", api_query, **api_page),
                  prev_link=link("/clusters", view.query, page=view.page - 1)
                  if view.page > 1 else None,
                  next_link=link("/clusters", view.query, page=view.page + 1) if more else None)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: str, conn: Conn, left: str = "",
                 right: str = "") -> HTMLResponse:
    loaded = load_cluster(conn, cluster_id)
    if loaded is None:
        return render(request, "error.html", 404, message=f"No cluster {cluster_id}.")
    detail = detail_of(loaded)
    problems: list[str] = []
    compared = None
    if left or right:
        compared = pair_diff(loaded, left, right)
        if compared is None:
            problems.append("choose two copies of this cluster to compare")
    diffs = [compared] if compared else member_diffs(loaded)
    titles = {m["id"]: f"{m['source']}: {m['title'] or m['id']}" for m in detail["members"]}
    others = [m["id"] for m in detail["members"] if not m["is_representative"]]
    return render(request, "cluster.html", detail=detail, diffs=diffs, problems=problems,
                  blocks={d.article_id: diff_blocks(d.rows) for d in diffs},
                  compared=compared, titles=titles,
                  left_id=left if compared else detail["representative"],
                  right_id=right if compared else (others[0] if others else ""),
                  timeline=timeline(detail["members"]))


def diff_blocks(rows) -> list[tuple[str, list]]:
    """Rows grouped for the page: runs of unchanged paragraphs become one collapsed block."""
    blocks: list[tuple[str, list]] = []
    for row in rows:
        kind = "same" if row.kind == "same" else "changes"
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(row)
        else:
            blocks.append((kind, [row]))
    return blocks


def timeline(members: list[dict], width: int = 640, row: int = 22) -> dict:
    """SVG coordinates of each copy on a time axis (published, else first fetched).

    Drawn as SVG attributes, not inline styles, so the page's CSP needs no 'unsafe-inline'.
    """
    # Earliest first: the timeline shows how the story spread.
    members = sorted(members, key=lambda m: m["published"] or m["fetched_at"] or "")
    times = [storage.parse_iso(m["published"] or m["fetched_at"]) for m in members]
    known = [t for t in times if t is not None]
    start, end = (min(known), max(known)) if known else (None, None)
    span = (end - start).total_seconds() if known else 0
    left, right = 10, width - 230  # room for the label right of each dot
    points = []
    for index, (m, when) in enumerate(zip(members, times)):
        frac = (when - start).total_seconds() / span if span and when else 0.0
        x = round(left + frac * (right - left), 1)
        points.append({"x": x, "y": 18 + index * row, "id": m["id"], "source": m["source"],
                       "when": storage.iso_seconds(when), "rep": m["is_representative"]})
    return {"points": points, "width": width, "height": 30 + len(members) * row,
            "start": storage.iso_seconds(start), "end": storage.iso_seconds(end),
            "axis_end": right}

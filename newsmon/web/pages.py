"""Server-rendered pages: cluster list, one cluster, one article, source health."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from sqlalchemy import Connection

import storage

from ..core.clusterviews import detail_of, load_cluster, member_diffs, overview_row
from ..core.health import error_classes
from .deps import connection, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
Conn = Annotated[Connection, Depends(connection)]


@router.get("/clusters", response_class=HTMLResponse)
def cluster_list(request: Request, conn: Conn, since: str = "", min_size: str = "2",
                 source: str = "", q: str = "", page: str = "1",
                 per_page: str = str(PAGE_SIZE)) -> HTMLResponse:
    # Form fields arrive as text (an empty date is normal), so they are read leniently
    # and a bad value is said on the page instead of a JSON 422.
    problems: list[str] = []
    day = _form_day(since, problems)
    size = _form_int(min_size, "minimum size", 2, problems)
    number = _form_int(page, "page", 1, problems)
    size_of_page = min(_form_int(per_page, "clusters a page", PAGE_SIZE, problems), 200)
    flt = storage.ClusterFilter(
        since=datetime.combine(day, time.min, timezone.utc) if day else None,
        min_size=size, source=source or None, search=q.strip() or None)
    total = storage.count_found_clusters(conn, flt)
    rows = [overview_row(v) for v in
            storage.find_clusters(conn, flt, size_of_page, (number - 1) * size_of_page)]
    query = {"since": since, "min_size": size, "source": source, "q": q,
             "per_page": size_of_page if size_of_page != PAGE_SIZE else ""}
    return render(request, "clusters.html", rows=rows, total=total, page=number,
                  pages=max(1, -(-total // size_of_page)), problems=problems,
                  sources=storage.source_names(conn), form=query,
                  prev_link=_page_link(query, number - 1) if number > 1 else None,
                  next_link=_page_link(query, number + 1) if number * size_of_page < total
                  else None)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: str, conn: Conn) -> HTMLResponse:
    loaded = load_cluster(conn, cluster_id)
    if loaded is None:
        return render(request, "error.html", 404, message=f"No cluster {cluster_id}.")
    detail = detail_of(loaded)
    return render(request, "cluster.html", detail=detail, diffs=member_diffs(loaded),
                  timeline=timeline(detail["members"]))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, conn: Conn) -> HTMLResponse:
    article = storage.current_article(conn, article_id)
    if article is None:
        return render(request, "error.html", 404, message=f"No article {article_id}.")
    return render(request, "article.html", article=article,
                  published=storage.iso(article.published),
                  fetched=storage.iso(article.fetched_at),
                  paragraphs=[p for p in article.text.splitlines() if p.strip()],
                  cluster_id=storage.cluster_of(conn, article_id))


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, conn: Conn) -> HTMLResponse:
    rows = []
    for h in storage.source_health(conn):
        client, server, other = error_classes(h.errors)
        rows.append({"h": h, "client": client, "server": server, "other": other,
                     "last_crawl": storage.iso(h.last_crawl_at),
                     "last_fetched": storage.iso(h.last_fetched_at)})
    return render(request, "sources.html", rows=rows)


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
                       "when": storage.iso(when), "rep": m["is_representative"]})
    return {"points": points, "width": width, "height": 30 + len(members) * row,
            "start": storage.iso(start), "end": storage.iso(end), "axis_end": right}


def _form_day(value: str, problems: list[str]) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"since {value!r} is not a date (YYYY-MM-DD); ignored")
        return None


def _form_int(value: str, what: str, default: int, problems: list[str]) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        problems.append(f"{what} {value!r} is not a whole number of at least 1; "
                        f"using {default}")
        return default
    return number


def _page_link(query: dict, page: int) -> str:
    return "/clusters?" + urlencode({**{k: v for k, v in query.items() if v != ""},
                                     "page": page})


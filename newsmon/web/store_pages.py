"""Server-rendered pages about the store: articles, archived copies, sources, runs, help."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from sqlalchemy import Connection

import storage

from ..core.archive import archived_page
from ..core.names import UnknownSource, require_source
from ..core.runviews import run_row, source_row
from .deps import connection, render
from .forms import form_int, link

router = APIRouter(include_in_schema=False)
Conn = Annotated[Connection, Depends(connection)]

# An archived page is the site's own HTML: it may hold scripts, trackers and forms. The
# sandbox gives it an origin of its own with scripts, forms and popups off; nothing may be
# loaded (default-src 'none'), only its inline styles apply, and it cannot be framed.
ARCHIVE_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")


@router.get("/articles", response_class=HTMLResponse)
def article_list(request: Request, conn: Conn, source: str = "", cursor: str = "",
                 per_page: str = "50") -> HTMLResponse:
    problems: list[str] = []
    limit = min(form_int(per_page, "articles a page", 50, problems), 500)
    try:
        chosen = require_source(conn, source or None)
    except UnknownSource as exc:
        problems.append(f"{exc}; the source filter is ignored")
        chosen = None
    try:
        items, next_cursor = storage.export_page(conn, source=chosen, after=cursor or None,
                                                 limit=limit)
    except storage.BadCursor as exc:
        problems.append(str(exc))
        items, next_cursor = [], None
    query = {"source": chosen or "", "per_page": limit if limit != 50 else ""}
    return render(request, "articles.html", items=items, problems=problems, source=chosen,
                  sources=storage.source_names(conn),
                  json_link=link("/api/articles", {"source": chosen or ""}, limit=limit,
                                 cursor=cursor),
                  next_link=link("/articles", query, cursor=next_cursor) if next_cursor
                  else None)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, conn: Conn) -> HTMLResponse:
    article = storage.current_article(conn, article_id)
    if article is None:
        return render(request, "error.html", 404, message=f"No article {article_id}.")
    return render(request, "article.html", article=article,
                  published=storage.iso_seconds(article.published),
                  fetched=storage.iso_seconds(article.fetched_at),
                  paragraphs=[p for p in article.text.splitlines() if p.strip()],
                  cluster_id=storage.cluster_of(conn, article_id))


@router.get("/articles/{article_id}/archived")
def archived(request: Request, article_id: str) -> Response:
    """The page as fetched, from its WARC record, sandboxed: what was published, even after
    the link rots."""
    page = archived_page(request.app.state.store, article_id)
    if page is None:
        return render(request, "error.html", 404, message=f"No article {article_id}.")
    if page.body is None:
        return render(request, "error.html", 404,
                      message=f"No archived copy of {page.url}: {page.missing}.")
    return Response(page.body, media_type=_html_type(page.content_type), headers={
        "Content-Security-Policy": ARCHIVE_CSP, "X-DNS-Prefetch-Control": "off",
        "Cache-Control": "no-store"})


def _html_type(content_type: str | None) -> str:
    """Shown as HTML whatever the site claimed (its charset kept), never as script or SVG."""
    charset = next((part.strip() for part in (content_type or "").split(";")
                    if part.strip().lower().startswith("charset=")), None)
    return "text/html" + (f"; {charset}" if charset else "")


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, conn: Conn) -> HTMLResponse:
    data_dir = request.app.state.store.data_dir
    rows = [source_row(h, data_dir) for h in storage.source_health(conn)]
    return render(request, "sources.html", rows=rows)


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, conn: Conn, before: str = "", stage: str = "") -> HTMLResponse:
    problems: list[str] = []
    older = form_int(before, "before", 0, problems) if before else None
    runs = storage.recent_runs(conn, 50, stage or None, older or None)
    return render(request, "runs.html", runs=[run_row(r) for r in runs], stage=stage,
                  problems=problems,
                  older_link=link("/runs", {"stage": stage}, before=runs[-1].id)
                  if len(runs) == 50 else None)


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> HTMLResponse:
    return render(request, "help.html")

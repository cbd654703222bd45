"""The read-only JSON API under /api; article fields are the export record's."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timezone
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sqlalchemy import Connection

import storage

from ..core.clusterviews import cluster_document, overview_row
from ..core.names import UnknownSource, require_source
from .deps import connection

router = APIRouter(prefix="/api", tags=["api"])


class ArticleRecord(BaseModel):
    """The export record (README: 'Export record'), one per canonical article per source."""

    id: str = Field(description="stable article id")
    url: str = Field(description="the URL that was fetched")
    canonical_url: str = Field(description="rel=canonical, else the normalized URL")
    source: str = Field(description="the source's name in sources.yaml")
    title: str | None = Field(description="headline")
    author: str | None = Field(description="byline")
    published: str | None = Field(description="ISO 8601 publication time")
    language: str | None = Field(description="ISO 639-1 code")
    text: str = Field(description="clean article text, one paragraph a line")
    fetched_at: str = Field(description="ISO 8601, first time this article was fetched")
    content_hash: str | None = Field(description="hash of the normalized text")
    cluster_id: str | None = Field(description="its near-duplicate cluster; null before dedupe")
    cluster_size: int | None = Field(description="members in the cluster")
    is_representative: bool | None = Field(description="the copy chosen for the cluster")
    duplicate_of: str | None = Field(description="the representative's id; null for itself")


class ArticlePage(BaseModel):
    items: list[ArticleRecord]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null at "
                                                "the end")


class ClusterSummary(BaseModel):
    cluster_id: str
    cluster_size: int = Field(description="members in the cluster")
    sources: list[str]
    first_seen: str = Field(description="when newsmon first saw the story (founded the "
                                        "cluster)")
    last_seen: str = Field(description="when its latest copy joined")
    representative: str = Field(description="the representative's article id")
    title: str | None = Field(description="the representative's headline")
    first_published: str | None = Field(None, description="the earliest copy's publication "
                                                          "time, else its first fetch")
    first_source: str | None = Field(None, description="the source of that earliest copy")


class ClusterPage(BaseModel):
    items: list[ClusterSummary]
    total: int
    next_offset: int | None


class ClusterMember(ArticleRecord):
    similarity: float = Field(description="estimated Jaccard to the member it matched")
    matched: str | None = Field(description="the member it matched; null for the founder")
    joined_as: str | None = Field(description="founder | same-text | copy | excerpt | "
                                              "full-story (null: clustered before 0004)")
    similarity_to_representative: float | None = Field(description="exact shingle Jaccard")
    changes: dict | None = Field(description="headline, words and paragraphs changed "
                                             "against the representative")


class ClusterDetail(ClusterSummary):
    representative_reason: str
    merged_from: str | None = Field(description="the id asked for, when it was merged into "
                                                "this cluster (ids never disappear)")
    aliases: list[str] = Field(description="ids of clusters merged into this one")
    members: list[ClusterMember]


Conn = Annotated[Connection, Depends(connection)]
Sort = Literal["size", "newest", "first_published", "sources"]
UNKNOWN_SOURCE: dict[int | str, dict[str, Any]] = {
    404: {"description": "unknown source: the message lists the known ones"}}


def known_source(conn: Connection, source: str | None) -> str | None:
    try:
        return require_source(conn, source)
    except UnknownSource as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/articles", response_model=ArticlePage, responses=UNKNOWN_SOURCE)
def articles(conn: Conn, since: date | None = None, until: date | None = None,
             source: str | None = None, unique: bool = False, cursor: str | None = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
    """Articles oldest first (publication time, else first fetch); `since`/`until` are
    inclusive days, `unique` keeps cluster representatives. Page with `next_cursor`."""
    try:
        items, next_cursor = storage.export_page(conn, since, until, unique,
                                                 known_source(conn, source),
                                                 after=cursor, limit=limit)
    except storage.BadCursor as exc:
        raise HTTPException(400, str(exc)) from None
    return {"items": items, "next_cursor": next_cursor}


def cluster_filter(conn: Connection, since: date | None, min_size: int, source: str | None,
                   q: str | None, day: date | None, sort: str) -> storage.ClusterFilter:
    return storage.ClusterFilter(
        since=datetime.combine(since, time.min, timezone.utc) if since else None,
        min_size=min_size, source=known_source(conn, source), search=q, day=day, sort=sort)


Q = Annotated[str | None, Query(description="words in a member's headline or clean text "
                                            "(full-text search; \"quote\" a phrase)")]
Day = Annotated[date | None, Query(description="clusters first seen (founded) on this day, UTC")]
SortBy = Annotated[Sort, Query(description="size (biggest first), newest (latest copy "
                                           "joined first), first_published (by the earliest "
                                           "copy, latest first), sources (most outlets first)")]


@router.get("/clusters", response_model=ClusterPage, responses=UNKNOWN_SOURCE)
def clusters(conn: Conn, since: date | None = None,
             min_size: Annotated[int, Query(ge=1)] = 2, source: str | None = None,
             q: Q = None, day: Day = None, sort: SortBy = "size",
             limit: Annotated[int, Query(ge=1, le=500)] = 50,
             offset: Annotated[int, Query(ge=0)] = 0) -> dict:
    """Clusters in the order `sort` names, optionally seen since a day, first seen on a
    day, with a copy from a source, or with words in a member's text."""
    flt = cluster_filter(conn, since, min_size, source, q, day, sort)
    total = storage.count_found_clusters(conn, flt)
    items = [overview_row(v) for v in storage.find_clusters(conn, flt, limit, offset)]
    more = offset + len(items) < total
    return {"items": items, "total": total, "next_offset": offset + len(items) if more else None}


@router.get("/clusters.csv", response_class=Response, responses={
    200: {"content": {"text/csv": {}}, "description": "the same rows as /api/clusters"},
    **UNKNOWN_SOURCE})
def clusters_csv(conn: Conn, since: date | None = None,
                 min_size: Annotated[int, Query(ge=1)] = 2, source: str | None = None,
                 q: Q = None, day: Day = None, sort: SortBy = "size",
                 limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
                 offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    """The clusters of /api/clusters as CSV (sources joined by `;`)."""
    flt = cluster_filter(conn, since, min_size, source, q, day, sort)
    rows = [overview_row(v) for v in storage.find_clusters(conn, flt, limit, offset)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ClusterSummary.model_fields),
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "sources": ";".join(row["sources"])})
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="clusters.csv"'})


@router.get("/clusters/{cluster_id}", response_model=ClusterDetail,
            responses={404: {"description": "no such cluster"}})
def cluster(cluster_id: str, conn: Conn) -> dict:
    """One cluster: every member's export record, its similarity and what it changed."""
    document = cluster_document(conn, cluster_id)
    if document is None:
        raise HTTPException(404, f"no cluster {cluster_id!r}")
    return document

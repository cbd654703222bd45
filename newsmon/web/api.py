"""The read-only JSON API under /api; article fields are the export record's."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from sqlalchemy import Connection

import storage

from ..core.clusterviews import detail_of, load_cluster, overview_row
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
    cluster_size: int
    sources: list[str]
    first_seen: str
    last_seen: str
    representative: str = Field(description="the representative's article id")
    title: str | None = Field(description="the representative's headline")


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


@router.get("/articles", response_model=ArticlePage)
def articles(conn: Conn, since: date | None = None, until: date | None = None,
             source: str | None = None, unique: bool = False, cursor: str | None = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
    """Articles oldest first (publication time, else first fetch); `since`/`until` are
    inclusive days, `unique` keeps cluster representatives. Page with `next_cursor`."""
    try:
        items, next_cursor = storage.export_page(conn, since, until, unique, source,
                                                 after=cursor, limit=limit)
    except storage.BadCursor as exc:
        raise HTTPException(400, str(exc)) from None
    return {"items": items, "next_cursor": next_cursor}


@router.get("/clusters", response_model=ClusterPage)
def clusters(conn: Conn, since: date | None = None,
             min_size: Annotated[int, Query(ge=1)] = 2, source: str | None = None,
             q: Annotated[str | None, Query(description="headline contains")] = None,
             limit: Annotated[int, Query(ge=1, le=500)] = 50,
             offset: Annotated[int, Query(ge=0)] = 0) -> dict:
    """Clusters biggest first, optionally seen since a day, with a source or a headline."""
    flt = storage.ClusterFilter(
        since=datetime.combine(since, time.min, timezone.utc) if since else None,
        min_size=min_size, source=source, search=q)
    total = storage.count_found_clusters(conn, flt)
    items = [_summary(overview_row(v)) for v in storage.find_clusters(conn, flt, limit, offset)]
    more = offset + len(items) < total
    return {"items": items, "total": total, "next_offset": offset + len(items) if more else None}


@router.get("/clusters/{cluster_id}", response_model=ClusterDetail,
            responses={404: {"description": "no such cluster"}})
def cluster(cluster_id: str, conn: Conn) -> dict:
    """One cluster: every member's export record, its similarity and what it changed."""
    loaded = load_cluster(conn, cluster_id)
    if loaded is None:
        raise HTTPException(404, f"no cluster {cluster_id!r}")
    detail = detail_of(loaded)
    records = {r["id"]: r for r in storage.cluster_records(conn, cluster_id)}
    members = [{**records[m["id"]], **{k: m[k] for k in (
        "similarity", "matched", "joined_as", "similarity_to_representative", "changes")}}
        for m in detail["members"] if m["id"] in records]
    sources = sorted({m["source"] for m in members})
    rep = records.get(detail["representative"])
    return {**_summary({**detail, "sources": sources, "title": rep and rep["title"]}),
            "representative_reason": detail["representative_reason"],
            "merged_from": detail["merged_from"], "aliases": detail["aliases"],
            "members": members}


def _summary(row: dict) -> dict:
    return {"cluster_id": row["cluster_id"], "cluster_size": row["size"],
            "sources": row["sources"], "first_seen": row["first_seen"],
            "last_seen": row["last_seen"], "representative": row["representative"],
            "title": row["title"]}

"""The export record of the contract, streamed from the store in constant memory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Connection, and_, func, select

from .articles import current_versions
from .schema import articles, clusters, memberships
from .timeutil import iso

EXPORT_FIELDS = (
    "id", "url", "canonical_url", "source", "title", "author", "published", "language", "text",
    "fetched_at", "content_hash", "cluster_id", "cluster_size", "is_representative",
    "duplicate_of",
)


def iter_export_records(conn: Connection, since: date | None = None, until: date | None = None,
                        unique: bool = False, source: str | None = None,
                        batch: int = 1000) -> Iterator[dict]:
    """One dict per current article (contract field order), oldest first.

    `since`/`until` are inclusive days matched against the publication time, or the first
    fetch time when the page gave none. `unique` keeps cluster representatives only.
    """
    cur = current_versions().subquery("cur")
    when = func.coalesce(articles.c.published, articles.c.fetched_at)
    query = (select(articles, memberships.c.cluster_id, clusters.c.size,
                    clusters.c.representative_id)
             .join(cur, articles.c.id == cur.c.row_id)
             .outerjoin(memberships, memberships.c.article_id == articles.c.article_id)
             .outerjoin(clusters, clusters.c.cluster_id == memberships.c.cluster_id))
    conditions = []
    if since:
        conditions.append(when >= datetime.combine(since, time.min, timezone.utc))
    if until:
        conditions.append(when < datetime.combine(until + timedelta(days=1), time.min,
                                                  timezone.utc))
    if source:
        conditions.append(articles.c.source == source)
    if unique:
        conditions.append(clusters.c.representative_id == articles.c.article_id)
    if conditions:
        query = query.where(and_(*conditions))
    query = query.order_by(when, articles.c.article_id)
    result = conn.execution_options(yield_per=batch).execute(query)
    for row in result:
        yield _record(row)


def _record(row) -> dict:
    is_rep = row.representative_id == row.article_id if row.cluster_id else None
    return {
        "id": row.article_id,
        "url": row.url,
        "canonical_url": row.canonical_url,
        "source": row.source,
        "title": row.title,
        "author": row.author,
        "published": iso(row.published),
        "language": row.language,
        "text": row.text,
        "fetched_at": iso(row.fetched_at),
        "content_hash": row.content_hash,
        "cluster_id": row.cluster_id,
        "cluster_size": row.size,
        "is_representative": is_rep,
        "duplicate_of": None if (is_rep or row.cluster_id is None) else row.representative_id,
    }

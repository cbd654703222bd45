"""The export record of the contract, streamed from the store in constant memory."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Connection, and_, func, or_, select

from .articles import current_versions
from .errors import BadCursor
from .merges import resolve_cluster
from .schema import articles, clusters, memberships
from .timeutil import iso, iso_seconds, parse_iso

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
    query = _export_query(since, until, unique, source)
    result = conn.execution_options(yield_per=batch).execute(query)
    for row in result:
        yield _record(row)


def export_page(conn: Connection, since: date | None = None, until: date | None = None,
                unique: bool = False, source: str | None = None, after: str | None = None,
                limit: int = 100) -> tuple[list[dict], str | None]:
    """One page of `iter_export_records`' sequence and the cursor of the next (None at the end).

    Keyset paging on (publication-or-fetch time, id): pages stay consistent while new
    articles arrive, and a deep page costs no more than the first.
    >>> first, cursor = export_page(conn, limit=50); second, _ = export_page(conn, after=cursor)
    """
    query = _export_query(since, until, unique, source)
    if after is not None:
        at, article_id = _decode_cursor(after)
        when = _when()
        query = query.where(or_(when > at, and_(when == at, articles.c.article_id > article_id)))
    rows = conn.execute(query.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = _encode_cursor(rows[-1].sort_at, rows[-1].article_id) if more else None
    return [_record(r) for r in rows], cursor


def cluster_records(conn: Connection, cluster_id: str) -> list[dict]:
    """The export records of one cluster's members, oldest first (a merged cluster's id
    gives the survivor's: its members carry the survivor's id)."""
    cluster_id = resolve_cluster(conn, cluster_id) or cluster_id
    query = _export_query(None, None, False, None).where(memberships.c.cluster_id == cluster_id)
    return [_record(r) for r in conn.execute(query)]


def _when():
    return func.coalesce(articles.c.published, articles.c.fetched_at)


def _export_query(since: date | None, until: date | None, unique: bool, source: str | None):
    cur = current_versions().subquery("cur")
    when = _when()
    query = (select(articles, memberships.c.cluster_id, clusters.c.size,
                    clusters.c.representative_id, when.label("sort_at"))
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
    return query.order_by(when, articles.c.article_id)


def _encode_cursor(at, article_id: str) -> str:
    raw = json.dumps([iso(at if isinstance(at, datetime) else parse_iso(str(at))), article_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The cursor's position; a cursor we did not hand out is the caller's error."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, article_id = json.loads(raw)
        when = parse_iso(at)
        if when is None or not isinstance(article_id, str):
            raise ValueError(cursor)
    except (ValueError, TypeError) as exc:
        raise BadCursor(f"cursor {cursor!r} is not one this store handed out") from exc
    return when, article_id


def _record(row) -> dict:
    is_rep = row.representative_id == row.article_id if row.cluster_id else None
    return {
        "id": row.article_id,
        "url": row.url,
        "canonical_url": row.canonical_url,
        "source": row.source,
        "title": row.title,
        "author": row.author,
        "published": iso_seconds(row.published),
        "language": row.language,
        "text": row.text,
        "fetched_at": iso_seconds(row.fetched_at),
        "content_hash": row.content_hash,
        "cluster_id": row.cluster_id,
        "cluster_size": row.size,
        "is_representative": is_rep,
        "duplicate_of": None if (is_rep or row.cluster_id is None) else row.representative_id,
    }

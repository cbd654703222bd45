"""Listing clusters: filters, sort orders, facets and what a list shows beside each cluster."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Connection, func, select

from .articles import current_versions
from .clusters import ClusterInfo, _info
from .fulltext import matching_rows
from .schema import articles, clusters, memberships
from .timeutil import as_utc

# SQLite allows a few tens of thousands of bound values; stay well below it.
_CHUNK = 500
SORTS = ("size", "newest", "first_published", "sources")


@dataclass(frozen=True)
class ClusterFilter:
    """Which clusters to list and in which order.

    `search`: words (or "a phrase") a member's headline or clean text holds, matched by the
    store's full-text engine. `day`: clusters first seen (founded) that UTC day. `sort`:
    size (biggest first), newest (latest copy joined first), first_published (by its
    earliest copy's publication time, else fetch time, latest first) or sources (most
    outlets first).
    """

    since: datetime | None = None
    min_size: int = 1
    source: str | None = None
    search: str | None = None
    day: date | None = None
    sort: str = "size"


@dataclass(frozen=True)
class ClusterOverview:
    """A cluster with what a listing shows beside it."""

    info: ClusterInfo
    sources: tuple[str, ...]
    title: str | None  # the representative's headline
    # The earliest copy (publication time, else first fetch) and whose it is.
    first_published: datetime | None = None
    first_source: str | None = None


def _member(conn: Connection):
    """Members of the outer query's cluster, any version (a source never changes, and an
    old headline or text still matches)."""
    return (select(memberships.c.article_id)
            .join(articles, articles.c.article_id == memberships.c.article_id)
            .where(memberships.c.cluster_id == clusters.c.cluster_id,
                   articles.c.status == "ok"))


def _cluster_query(conn: Connection, flt: ClusterFilter):
    query = select(clusters).where(clusters.c.size >= flt.min_size)
    if flt.since is not None:
        query = query.where(clusters.c.last_seen >= flt.since)
    if flt.day is not None:
        start = datetime.combine(flt.day, time.min, timezone.utc)
        query = query.where(clusters.c.first_seen >= start,
                            clusters.c.first_seen < start + timedelta(days=1))
    if flt.source:
        query = query.where(_member(conn).where(articles.c.source == flt.source).exists())
    if flt.search and (matches := matching_rows(conn.dialect.name, flt.search)) is not None:
        query = query.where(_member(conn).where(matches).exists())
    return query


def _source_count():
    return (select(func.count(func.distinct(articles.c.source)))
            .join(memberships, memberships.c.article_id == articles.c.article_id)
            .where(memberships.c.cluster_id == clusters.c.cluster_id)
            .scalar_subquery())


def _first_published():
    return (select(func.min(func.coalesce(articles.c.published, articles.c.fetched_at)))
            .join(memberships, memberships.c.article_id == articles.c.article_id)
            .where(memberships.c.cluster_id == clusters.c.cluster_id)
            .scalar_subquery())


def _order(sort: str) -> tuple:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORTS)}")
    tie = (clusters.c.cluster_id,)
    return {"size": (clusters.c.size.desc(), clusters.c.first_seen) + tie,
            "newest": (clusters.c.last_seen.desc(),) + tie,
            "first_published": (_first_published().desc(),) + tie,
            "sources": (_source_count().desc(), clusters.c.size.desc()) + tie}[sort]


def find_clusters(conn: Connection, flt: ClusterFilter, limit: int | None = None,
                  offset: int = 0) -> list[ClusterOverview]:
    """Clusters matching `flt` in its order, with their sources and representative title."""
    query = _cluster_query(conn, flt).order_by(*_order(flt.sort))
    infos = [_info(r) for r in conn.execute(query.limit(limit).offset(offset or None))]
    return overviews(conn, infos)


def count_found_clusters(conn: Connection, flt: ClusterFilter) -> int:
    return conn.execute(select(func.count()).select_from(
        _cluster_query(conn, flt).subquery())).scalar_one()


def overviews(conn: Connection, infos: list[ClusterInfo]) -> list[ClusterOverview]:
    """Sources, representative title and first publisher of each cluster, a few queries
    for the whole list."""
    found: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, str | None] = {}
    first: dict[str, tuple] = {}
    reps = {i.cluster_id: i.representative_id for i in infos}
    cur = current_versions().subquery("cur")
    ids = list(reps)
    for start in range(0, len(ids), _CHUNK):
        query = (select(memberships.c.cluster_id, articles.c.article_id, articles.c.source,
                        articles.c.title, articles.c.published, articles.c.fetched_at)
                 .join(articles, articles.c.article_id == memberships.c.article_id)
                 .join(cur, articles.c.id == cur.c.row_id)
                 .where(memberships.c.cluster_id.in_(ids[start:start + _CHUNK])))
        for row in conn.execute(query):
            found[row.cluster_id].add(row.source)
            if reps[row.cluster_id] == row.article_id:
                titles[row.cluster_id] = row.title
            when = (as_utc(row.published or row.fetched_at), row.source)
            if row.cluster_id not in first or when < first[row.cluster_id]:
                first[row.cluster_id] = when
    return [ClusterOverview(i, tuple(sorted(found[i.cluster_id])), titles.get(i.cluster_id),
                            *first.get(i.cluster_id, (None, None))) for i in infos]


@dataclass(frozen=True)
class Facets:
    """How many clusters of a filter each source and each day would keep."""

    sources: tuple[tuple[str, int], ...]  # most clusters first
    days: tuple[tuple[str, int], ...]  # YYYY-MM-DD, latest first


def cluster_facets(conn: Connection, flt: ClusterFilter, max_days: int = 14) -> Facets:
    """Counts per source (ignoring the filter's own source) and per day of first sight
    (ignoring its day), so each facet shows where a click would lead."""
    by_source = _cluster_query(conn, replace(flt, source=None)).subquery("f")
    source_rows = conn.execute(
        select(articles.c.source, func.count(func.distinct(by_source.c.cluster_id)))
        .join(memberships, memberships.c.cluster_id == by_source.c.cluster_id)
        .join(articles, articles.c.article_id == memberships.c.article_id)
        .where(articles.c.status == "ok")
        .group_by(articles.c.source)).all()
    by_day = _cluster_query(conn, replace(flt, day=None)).subquery("d")
    day = _day_of(conn, by_day.c.first_seen).label("day")
    day_rows = conn.execute(select(day, func.count()).select_from(by_day).group_by(day)
                            .order_by(day.desc()).limit(max_days)).all()
    return Facets(tuple(sorted(((s, n) for s, n in source_rows), key=lambda p: (-p[1], p[0]))),
                  tuple((str(d)[:10], n) for d, n in day_rows))


def _day_of(conn: Connection, column):
    """The UTC day of a stored time as YYYY-MM-DD text (SQLite keeps UTC text already)."""
    if conn.dialect.name == "sqlite":
        return func.substr(column, 1, 10)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")

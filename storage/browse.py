"""Read functions for looking around the store: what a run changed, source health."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, func, select

from .clusters import ClusterInfo, _info
from .schema import articles, clusters, crawl_stats, memberships, pages, runs, sources
from .timeutil import as_utc


@dataclass(frozen=True)
class SourceHealth:
    """One source: its latest crawl's figures and what extraction made of its pages."""

    source: str
    url: str
    last_run_id: int | None
    last_crawl_at: datetime | None
    requests: int
    pages: int
    new_articles: int
    not_modified: int
    errors: dict
    articles: int  # distinct articles extracted with text
    empty: int  # distinct articles whose extraction found no text
    failed: int  # distinct articles whose extraction raised
    last_fetched_at: datetime | None
    # Of the latest crawl: nothing could be fetched at all; up but not one article found.
    crawl_failed: bool = False
    zero_articles: bool = False
    last_run_date: str | None = None  # the day the latest crawl ran for (names its log)


def clusters_changed(conn: Connection, start: datetime,
                     end: datetime) -> tuple[list[ClusterInfo], list[tuple[ClusterInfo, int]]]:
    """Clusters founded in [start, end], and older clusters that gained members then (with
    how many), biggest first; e.g. the window of one dedupe run."""
    founded = conn.execute(select(clusters).where(
        clusters.c.created_at >= start, clusters.c.created_at <= end)
        .order_by(clusters.c.size.desc(), clusters.c.cluster_id))
    joined = (select(memberships.c.cluster_id, func.count().label("added"))
              .where(memberships.c.joined_at >= start, memberships.c.joined_at <= end)
              .group_by(memberships.c.cluster_id).subquery("j"))
    grown = conn.execute(select(clusters, joined.c.added)
                         .join(joined, joined.c.cluster_id == clusters.c.cluster_id)
                         .where(clusters.c.created_at < start)
                         .order_by(clusters.c.size.desc(), clusters.c.cluster_id))
    return [_info(r) for r in founded], [(_info(r), r.added) for r in grown]


def extraction_counts(conn: Connection, start: datetime | None = None,
                      end: datetime | None = None) -> dict[str, dict[str, int]]:
    """Distinct articles per source and extraction status (ok, empty, error), optionally only
    those extracted in [start, end]."""
    query = select(articles.c.source, articles.c.status,
                   func.count(func.distinct(articles.c.article_id)).label("n"))
    if start is not None:
        query = query.where(articles.c.extracted_at >= start)
    if end is not None:
        query = query.where(articles.c.extracted_at <= end)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"ok": 0, "empty": 0, "error": 0})
    for row in conn.execute(query.group_by(articles.c.source, articles.c.status)):
        counts[row.source][row.status] = row.n
    return dict(counts)


def source_health(conn: Connection) -> list[SourceHealth]:
    """Every known source with its latest crawl's figures, by name."""
    latest = (select(crawl_stats.c.source, func.max(crawl_stats.c.run_id).label("run_id"))
              .group_by(crawl_stats.c.source).subquery("latest"))
    stats = {r.source: r for r in conn.execute(
        select(crawl_stats, runs.c.started_at, runs.c.run_date)
        .join(latest, and_(latest.c.source == crawl_stats.c.source,
                           latest.c.run_id == crawl_stats.c.run_id))
        .join(runs, runs.c.id == crawl_stats.c.run_id))}
    fetched = dict(conn.execute(select(pages.c.source, func.max(pages.c.last_fetched_at))
                                .group_by(pages.c.source)).all())
    counts = extraction_counts(conn)
    health = []
    for src in conn.execute(select(sources).order_by(sources.c.name)):
        s, c = stats.get(src.name), counts.get(src.name, {})
        health.append(SourceHealth(
            src.name, src.url, s.run_id if s else None, as_utc(s.started_at) if s else None,
            s.requests if s else 0, s.pages if s else 0, s.new_articles if s else 0,
            s.not_modified if s else 0, (s.errors or {}) if s else {}, c.get("ok", 0),
            c.get("empty", 0), c.get("error", 0), as_utc(fetched.get(src.name)),
            bool(s.failed) if s else False, bool(s.zero_articles) if s else False,
            s.run_date if s else None))
    return health


def source_names(conn: Connection) -> list[str]:
    return list(conn.execute(select(sources.c.name).order_by(sources.c.name)).scalars())


def cluster_of(conn: Connection, article_id: str) -> str | None:
    """The cluster an article belongs to, None before the dedupe stage has seen it."""
    return conn.execute(select(memberships.c.cluster_id)
                        .where(memberships.c.article_id == article_id)).scalar()

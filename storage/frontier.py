"""What a crawl hands to the next one: the frontier a source did not finish, the URL rules it
learned, and which sources of a run have finished (the completion marker later stages read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, select

from .schema import crawl_frontier, crawl_rules, crawl_stats, pages
from .timeutil import as_utc


@dataclass(frozen=True)
class FrontierEntry:
    """A URL a source still had to fetch when its time ran out."""

    url: str
    kind: str  # page | feed | sitemap
    barren: int = 0  # pages in a row, above it, that led to no new article
    lastmod: str | None = None


def save_frontier(conn: Connection, source: str, entries: list[FrontierEntry],
                  saved_at: datetime) -> None:
    """Replace the source's saved frontier (an empty list clears it)."""
    conn.execute(crawl_frontier.delete().where(crawl_frontier.c.source == source))
    if entries:
        conn.execute(crawl_frontier.insert(), [
            {"source": source, "url": e.url, "kind": e.kind, "barren": e.barren,
             "lastmod": e.lastmod, "saved_at": saved_at} for e in entries])


def load_frontier(conn: Connection, source: str) -> list[FrontierEntry]:
    rows = conn.execute(select(crawl_frontier).where(crawl_frontier.c.source == source)
                        .order_by(crawl_frontier.c.id))
    return [FrontierEntry(r.url, r.kind, r.barren, r.lastmod) for r in rows]


def save_rule(conn: Connection, source: str, rule: str, evidence: str, at: datetime) -> None:
    exists = conn.execute(select(crawl_rules.c.rule).where(and_(
        crawl_rules.c.source == source, crawl_rules.c.rule == rule))).first()
    if exists is None:
        conn.execute(crawl_rules.insert().values(source=source, rule=rule, evidence=evidence,
                                                 learned_at=at))


def load_rules(conn: Connection, source: str) -> list[str]:
    return [r.rule for r in conn.execute(select(crawl_rules.c.rule).where(
        crawl_rules.c.source == source).order_by(crawl_rules.c.learned_at))]


def rekey_page(conn: Connection, source: str, old_key: str, new_key: str) -> str:
    """Move a stored page to the URL key a newly learned rule gives it. A URL-derived
    canonical follows the key, and so do aliases that pointed at it. If `new_key` holds a
    page with a body, the old row becomes its alias; a bodiless row there (an alias, a stub)
    gives way to the page that has one. Returns 'moved' | 'aliased' | 'absent'."""
    old = conn.execute(select(pages.c.id, pages.c.canonical_url, pages.c.warc_file).where(
        and_(pages.c.source == source, pages.c.url_key == old_key))).first()
    if old is None:
        return "absent"
    taken = conn.execute(select(pages.c.id, pages.c.canonical_url, pages.c.warc_file).where(
        and_(pages.c.source == source, pages.c.url_key == new_key))).first()
    if taken is not None and (taken.warc_file is not None or old.warc_file is None):
        conn.execute(pages.update().where(pages.c.id == old.id).values(
            kind="alias", canonical_url=taken.canonical_url or new_key))
        return "aliased"
    if taken is not None:
        conn.execute(pages.delete().where(pages.c.id == taken.id))
    values = {"url_key": new_key}
    if old.canonical_url in (None, old_key):
        values["canonical_url"] = new_key
        conn.execute(pages.update().where(and_(
            pages.c.source == source, pages.c.canonical_url == old_key)).values(
            canonical_url=new_key))
    conn.execute(pages.update().where(pages.c.id == old.id).values(**values))
    return "moved"


def finished_sources(conn: Connection, run_id: int) -> dict[str, datetime]:
    """Sources of a crawl run that are done, with when: their pages may be extracted now."""
    rows = conn.execute(select(crawl_stats.c.source, crawl_stats.c.finished_at).where(and_(
        crawl_stats.c.run_id == run_id, crawl_stats.c.finished_at.is_not(None))))
    return {r.source: as_utc(r.finished_at) for r in rows}

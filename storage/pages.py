"""Pages: one row per (source, URL key) with its latest fetch state and WARC location."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, select

from .schema import articles, pages, site_profiles, sources
from .timeutil import as_utc


@dataclass(frozen=True)
class PageFetch:
    """What the crawler learned from one 2xx response."""

    source: str
    url_key: str
    url: str
    canonical_url: str | None
    kind: str  # article | listing | feed | sitemap | other
    status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    body_bytes: int | None
    warc_file: str | None
    warc_offset: int | None
    warc_length: int | None
    fetched_at: datetime


@dataclass(frozen=True)
class KnownPage:
    """What a later crawl needs to skip or conditionally re-fetch a page."""

    url_key: str
    kind: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_fetched_at: datetime
    canonical_url: str | None = None
    last_changed_at: datetime | None = None
    # Where the stored body is: a 304 for a listing still yields its links from there.
    warc_file: str | None = None
    warc_offset: int | None = None


@dataclass(frozen=True)
class PageStub:
    """A URL the crawler answered without a body worth keeping: an alias (redirect or
    rel=canonical duplicate, `canonical_url` names the page it stands for) or a non-HTML file."""

    source: str
    url_key: str
    url: str
    canonical_url: str | None
    kind: str  # alias | other
    status: int
    content_type: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class PendingPage:
    """An article page whose current body has not been extracted by this parser version."""

    page_id: int
    source: str
    url: str
    canonical_url: str | None
    content_type: str | None
    body_hash: str
    warc_file: str
    warc_offset: int
    first_fetched_at: datetime


def ensure_source(conn: Connection, name: str, url: str, now: datetime) -> None:
    """Register a source once; later runs leave its row alone."""
    if conn.execute(select(sources.c.name).where(sources.c.name == name)).first() is None:
        conn.execute(sources.insert().values(name=name, url=url, added_at=now))


def record_fetch(conn: Connection, fetch: PageFetch) -> tuple[int, str]:
    """Store a fetch; returns (page id, 'new' | 'changed' | 'unchanged')."""
    row = conn.execute(
        select(pages.c.id, pages.c.body_hash).where(
            and_(pages.c.source == fetch.source, pages.c.url_key == fetch.url_key))
    ).first()
    values = {k: v for k, v in fetch.__dict__.items() if k != "fetched_at"}
    if row is None:
        result = conn.execute(pages.insert().values(
            **values, first_fetched_at=fetch.fetched_at, last_fetched_at=fetch.fetched_at,
            last_changed_at=fetch.fetched_at, fetch_count=1))
        return result.inserted_primary_key[0], "new"
    change = "unchanged" if row.body_hash == fetch.body_hash else "changed"
    if change == "unchanged":
        values = {k: v for k, v in values.items() if not k.startswith("warc_")}
    else:
        values["last_changed_at"] = fetch.fetched_at
    conn.execute(pages.update().where(pages.c.id == row.id).values(
        **values, last_fetched_at=fetch.fetched_at, fetch_count=pages.c.fetch_count + 1))
    return row.id, change


def record_not_modified(conn: Connection, source: str, url_key: str, fetched_at: datetime) -> None:
    """A 304: the page is still what we have; only the check time moves."""
    conn.execute(pages.update().where(
        and_(pages.c.source == source, pages.c.url_key == url_key)
    ).values(last_fetched_at=fetched_at, fetch_count=pages.c.fetch_count + 1))


def record_stub(conn: Connection, stub: PageStub) -> None:
    """Remember a URL with no body of its own, so a later crawl need not request it again.

    A page stored with a body is never downgraded to a stub.
    """
    row = conn.execute(select(pages.c.id, pages.c.warc_file).where(
        and_(pages.c.source == stub.source, pages.c.url_key == stub.url_key))).first()
    values = {k: v for k, v in stub.__dict__.items() if k != "fetched_at"}
    if row is None:
        conn.execute(pages.insert().values(
            **values, first_fetched_at=stub.fetched_at, last_fetched_at=stub.fetched_at,
            last_changed_at=stub.fetched_at, fetch_count=1))
    elif row.warc_file is None:
        conn.execute(pages.update().where(pages.c.id == row.id).values(
            **values, last_fetched_at=stub.fetched_at, fetch_count=pages.c.fetch_count + 1))


def known_pages(conn: Connection, source: str) -> dict[str, KnownPage]:
    """Every stored page of a source, by URL key."""
    rows = conn.execute(select(
        pages.c.url_key, pages.c.kind, pages.c.etag, pages.c.last_modified,
        pages.c.body_hash, pages.c.last_fetched_at, pages.c.canonical_url,
        pages.c.last_changed_at, pages.c.warc_file, pages.c.warc_offset
    ).where(pages.c.source == source))
    return {r.url_key: KnownPage(r.url_key, r.kind, r.etag, r.last_modified, r.body_hash,
                                 as_utc(r.last_fetched_at), r.canonical_url,
                                 as_utc(r.last_changed_at), r.warc_file, r.warc_offset)
            for r in rows}


def pending_extraction(conn: Connection, parser_version: str, limit: int | None = None,
                       shard: tuple[int, int] | None = None,
                       sources: list[str] | None = None) -> list[PendingPage]:
    """Article pages whose current body has no article row for this parser version;
    `shard=(i, n)`: only pages whose id is i modulo n (one worker's share); `sources`: only
    these sources' pages (e.g. those whose crawl has finished, see `finished_sources`)."""
    done = select(articles.c.id).where(and_(
        articles.c.page_id == pages.c.id,
        articles.c.body_hash == pages.c.body_hash,
        articles.c.parser_version == parser_version)).exists()
    query = (select(pages.c.id, pages.c.source, pages.c.url, pages.c.canonical_url,
                    pages.c.content_type, pages.c.body_hash, pages.c.warc_file,
                    pages.c.warc_offset, pages.c.first_fetched_at)
             .where(and_(pages.c.kind == "article", pages.c.warc_file.is_not(None),
                         pages.c.body_hash.is_not(None), ~done))
             .order_by(pages.c.id).limit(limit))
    if shard is not None:
        query = query.where(pages.c.id % shard[1] == shard[0])
    if sources is not None:
        query = query.where(pages.c.source.in_(sources))
    return [PendingPage(r.id, r.source, r.url, r.canonical_url, r.content_type, r.body_hash,
                        r.warc_file, r.warc_offset, as_utc(r.first_fetched_at))
            for r in conn.execute(query)]


def profile_sample(conn: Connection, source: str, size: int) -> list[PendingPage]:
    """The `size` stored article pages of a source with the lowest body hashes: a sample that is
    the same however the backlog is split into runs or shards, read with one bounded query."""
    query = (select(pages.c.id, pages.c.source, pages.c.url, pages.c.canonical_url,
                    pages.c.content_type, pages.c.body_hash, pages.c.warc_file,
                    pages.c.warc_offset, pages.c.first_fetched_at)
             .where(and_(pages.c.source == source, pages.c.kind == "article",
                         pages.c.warc_file.is_not(None), pages.c.body_hash.is_not(None)))
             .order_by(pages.c.body_hash, pages.c.id).limit(size))
    return [PendingPage(r.id, r.source, r.url, r.canonical_url, r.content_type, r.body_hash,
                        r.warc_file, r.warc_offset, as_utc(r.first_fetched_at))
            for r in conn.execute(query)]


def load_site_profile(conn: Connection, source: str, parser_version: str,
                      sample_digest: str) -> tuple[str, ...] | None:
    """The recurring lines learnt from this exact sample under this parser version, if any."""
    row = conn.execute(select(site_profiles.c.chrome).where(and_(
        site_profiles.c.source == source, site_profiles.c.parser_version == parser_version,
        site_profiles.c.sample_digest == sample_digest))).first()
    return tuple(row.chrome) if row is not None else None


def save_site_profile(conn: Connection, source: str, parser_version: str, sample_digest: str,
                      chrome: tuple[str, ...], pages_learnt: int, now: datetime) -> None:
    """Keep one profile per source and parser version: the one of its current sample."""
    conn.execute(delete(site_profiles).where(and_(
        site_profiles.c.source == source, site_profiles.c.parser_version == parser_version)))
    conn.execute(site_profiles.insert().values(
        source=source, parser_version=parser_version, sample_digest=sample_digest,
        chrome=list(chrome), pages=pages_learnt, learned_at=now))


def count_pages(conn: Connection, kind: str | None = None) -> int:
    query = select(func.count()).select_from(pages)
    if kind:
        query = query.where(pages.c.kind == kind)
    return conn.execute(query).scalar_one()


def forget_validators(conn: Connection, sources: list[str], since: datetime) -> int:
    """Drop ETag/Last-Modified of the sources' listings, feeds and sitemaps fetched since
    `since`: a crawl killed after storing a listing but before following its links must not
    get a 304 for it next time, or the links it never followed are lost for good. Returns
    how many pages will be fetched in full again."""
    result = conn.execute(pages.update().where(and_(
        pages.c.source.in_(sources), pages.c.kind.in_(("listing", "feed", "sitemap")),
        pages.c.last_fetched_at >= since)).values(etag=None, last_modified=None))
    return result.rowcount or 0


@dataclass(frozen=True)
class ArchivedCopy:
    """Where the page behind an article's current version was archived (its latest fetch)."""

    article_id: str
    url: str
    content_type: str | None
    warc_file: str | None  # None: the page was never archived (or only stubbed)
    warc_offset: int | None
    last_fetched_at: datetime
    same_body: bool  # the archived body is the one the current version was extracted from


def archived_copy(conn: Connection, article_id: str) -> ArchivedCopy | None:
    row = conn.execute(
        select(articles.c.article_id, articles.c.body_hash.label("version_body"), pages)
        .join(pages, pages.c.id == articles.c.page_id)
        .where(articles.c.article_id == article_id, articles.c.status == "ok")
        .order_by(articles.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    return ArchivedCopy(row.article_id, row.url, row.content_type, row.warc_file,
                        row.warc_offset, as_utc(row.last_fetched_at),
                        row.body_hash == row.version_body)

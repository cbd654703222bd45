"""Clusters and memberships: which articles are copies of one story, and who stands for it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Row, and_, bindparam, case, func, or_, select

from .articles import current_versions
from .merges import resolve_cluster
from .schema import articles, clusters, memberships, signatures
from .timeutil import as_utc


@dataclass(frozen=True)
class DedupeInput:
    """A current article as the dedupe stage sees it."""

    article_id: str
    content_hash: str
    text: str
    title: str | None
    source: str
    canonical_url: str
    published: datetime | None
    fetched_at: datetime


@dataclass(frozen=True)
class Member:
    """A clustered article with what representative choice and inspection need."""

    article_id: str
    cluster_id: str
    similarity: float
    matched_id: str | None
    joined_at: datetime
    content_hash: str
    title: str | None
    source: str
    url: str
    canonical_url: str
    published: datetime | None
    fetched_at: datetime
    match_kind: str | None = None  # founder | same-text | copy | excerpt | full-story


@dataclass(frozen=True)
class NewMembership:
    """One article placed by the dedupe stage; `founded` means it opens a new cluster."""

    article_id: str
    cluster_id: str
    similarity: float
    matched_id: str | None
    match_kind: str

    @property
    def founded(self) -> bool:
        return self.matched_id is None


@dataclass(frozen=True)
class ClusterInfo:
    cluster_id: str
    config_key: str
    representative_id: str
    representative_reason: str
    size: int
    first_seen: datetime
    last_seen: datetime
    created_at: datetime | None = None  # when the dedupe run that founded it wrote it


def _current_rows(article_ids=None):
    """Current article rows; `article_ids` (a select of ids) narrows the versions looked
    at first, so a query about a few members does not group the whole articles table."""
    versions = current_versions()
    if article_ids is not None:
        versions = versions.where(articles.c.article_id.in_(article_ids))
    cur = versions.subquery("cur")
    return select(articles).join(cur, articles.c.id == cur.c.row_id)


def _members(article_ids=None):
    """Memberships with what `_member` reads of each member's current article."""
    cur = _current_rows(article_ids).subquery("a")
    return (select(memberships, cur.c.content_hash, cur.c.title, cur.c.source, cur.c.url,
                   cur.c.canonical_url, cur.c.published, cur.c.fetched_at)
            .join(cur, cur.c.article_id == memberships.c.article_id))


def unclustered(conn: Connection, after: tuple[datetime, str] | None = None,
                until: tuple[datetime, str] | None = None,
                limit: int | None = None) -> list[DedupeInput]:
    """Current articles that belong to no cluster yet, oldest first: all of them, or those
    whose (fetched_at, article_id) key is after `after` and up to `until` (keyset paging),
    at most `limit`."""
    cur = _current_rows().subquery("a")
    member = select(memberships.c.article_id).where(
        memberships.c.article_id == cur.c.article_id).exists()
    query = select(cur).where(~member)
    if after is not None:
        query = query.where(or_(cur.c.fetched_at > after[0],
                                and_(cur.c.fetched_at == after[0], cur.c.article_id > after[1])))
    if until is not None:
        query = query.where(or_(cur.c.fetched_at < until[0],
                                and_(cur.c.fetched_at == until[0], cur.c.article_id <= until[1])))
    rows = conn.execute(query.order_by(cur.c.fetched_at, cur.c.article_id).limit(limit))
    return [DedupeInput(r.article_id, r.content_hash, r.text, r.title, r.source,
                        r.canonical_url, as_utc(r.published), as_utc(r.fetched_at)) for r in rows]


def recent_texts(conn: Connection, source: str, limit: int) -> list[str]:
    """Texts of a source's latest `limit` articles (their newest ok version): the sample the
    dedupe stage learns the source's template lines from. Reads the newest rows by id
    through ix_articles_source_id, not the whole table."""
    rows = conn.execute(select(articles.c.article_id, articles.c.text)
                        .where(articles.c.source == source, articles.c.status == "ok")
                        .order_by(articles.c.id.desc()).limit(3 * limit))
    texts: dict[str, str] = {}
    for article_id, text in rows:
        if text and article_id not in texts and len(texts) < limit:
            texts[article_id] = text
    return list(texts.values())


def members_since(conn: Connection, since: datetime | None) -> list[Member]:
    """Members of clusters seen on or after `since` (all clusters when None)."""
    query = _members().join(clusters, clusters.c.cluster_id == memberships.c.cluster_id)
    if since is not None:
        query = query.where(clusters.c.last_seen >= since)
    return [_member(r) for r in conn.execute(query.order_by(memberships.c.joined_at,
                                                            memberships.c.article_id))]


def window_signatures(conn: Connection, since: datetime, config_key: str,
                      chunk: int = 20000) -> Iterator[Sequence[Row]]:
    """Rows (article id, hash values, lead hash values) of every member of a cluster seen on
    or after `since`, in chunks, streamed (a server-side cursor on PostgreSQL): what a
    rebuild of dedupe's shared index reads, and nothing more. The values are None where
    no complete signature of the member's current text is stored under `config_key`
    (the caller signs those again), in no particular order."""
    cur = _current_rows().subquery("a")
    s = signatures.c
    complete = and_(s.lead_hashvalues.is_not(None), s.shingles.is_not(None),
                    s.quoted.is_not(None))
    query = (select(memberships.c.article_id, case((complete, s.hashvalues)),
                    case((complete, s.lead_hashvalues)))
             .join(clusters, clusters.c.cluster_id == memberships.c.cluster_id)
             .join(cur, cur.c.article_id == memberships.c.article_id)
             .outerjoin(signatures, and_(s.content_hash == cur.c.content_hash,
                                         s.config_key == config_key))
             .where(clusters.c.last_seen >= since))
    if conn.dialect.name == "postgresql":
        # A cursor is planned for its first rows (nested loops over the indexes): 3x
        # slower than the hash joins that read everything, which this query does.
        conn.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    result = conn.execution_options(stream_results=True, yield_per=chunk).execute(query)
    for part in result.partitions():
        yield part


def window_members(conn: Connection, since: datetime, article_ids: Iterable[str]
                   ) -> list[Member]:
    """The given members whose cluster was seen on or after `since`, plus the founder of
    each of those clusters, in `members_since` order: the part of the window's index that
    a batch's LSH candidates touch (dedupe's shared index loads only this)."""
    wanted = sorted(set(article_ids))

    def base(ids):
        return (_members(ids).join(clusters, clusters.c.cluster_id == memberships.c.cluster_id)
                .where(clusters.c.last_seen >= since))

    found: dict[str, Member] = {}
    for start in range(0, len(wanted), 500):  # keep IN lists small for SQLite
        chunk = wanted[start:start + 500]
        for r in conn.execute(base(chunk).where(memberships.c.article_id.in_(chunk))):
            found[r.article_id] = _member(r)
    owners = sorted({m.cluster_id for m in found.values()})
    for start in range(0, len(owners), 500):
        chunk = owners[start:start + 500]
        founders = select(memberships.c.article_id).where(and_(
            memberships.c.cluster_id.in_(chunk), memberships.c.matched_id.is_(None)))
        query = base(founders).where(and_(memberships.c.cluster_id.in_(chunk),
                                          memberships.c.matched_id.is_(None)))
        for r in conn.execute(query):
            found.setdefault(r.article_id, _member(r))
    return sorted(found.values(), key=lambda m: (m.joined_at, m.article_id))


def expired_members(conn: Connection, after: datetime, before: datetime) -> list[str]:
    """Ids of members of clusters last seen in [after, before): the ones a window that
    moved from `after` to `before` drops."""
    query = (select(memberships.c.article_id)
             .join(clusters, clusters.c.cluster_id == memberships.c.cluster_id)
             .where(and_(clusters.c.last_seen >= after, clusters.c.last_seen < before))
             .order_by(memberships.c.article_id))
    return list(conn.execute(query).scalars())


def cluster_members(conn: Connection, cluster_id: str) -> list[Member]:
    """Members of a cluster, oldest first; a merged cluster's id gives the survivor's."""
    cluster_id = resolve_cluster(conn, cluster_id) or cluster_id
    query = (_members().where(memberships.c.cluster_id == cluster_id)
             .order_by(memberships.c.joined_at, memberships.c.article_id))
    return [_member(r) for r in conn.execute(query)]


def members_of(conn: Connection, cluster_ids: Iterable[str]) -> list[Member]:
    """Members of the given clusters (any age), ordered by cluster, join time and id."""
    wanted = sorted(set(cluster_ids))
    found: list[Member] = []
    for start in range(0, len(wanted), 500):  # keep IN lists small for SQLite
        chunk = wanted[start:start + 500]
        ids = select(memberships.c.article_id).where(memberships.c.cluster_id.in_(chunk))
        query = _members(ids).where(memberships.c.cluster_id.in_(chunk))
        found += [_member(r) for r in conn.execute(query)]
    return sorted(found, key=lambda m: (m.cluster_id, m.joined_at, m.article_id))


def save_memberships(conn: Connection, placed: list[NewMembership], config_key: str,
                     joined_at: datetime) -> list[str]:
    """Write a batch of placements in bulk: new clusters, memberships, then each touched
    cluster's size and last_seen from its members. Returns the touched cluster ids."""
    if not placed:
        return []
    founded = [p for p in placed if p.founded]
    if founded:
        conn.execute(clusters.insert(), [dict(
            cluster_id=p.cluster_id, config_key=config_key, representative_id=p.article_id,
            representative_reason="only copy", size=0, first_seen=joined_at,
            last_seen=joined_at, created_at=joined_at) for p in founded])
    conn.execute(memberships.insert(), [dict(
        article_id=p.article_id, cluster_id=p.cluster_id, similarity=p.similarity,
        matched_id=p.matched_id, joined_at=joined_at, match_kind=p.match_kind) for p in placed])
    touched = sorted({p.cluster_id for p in placed})
    # One statement executed for many rows (the driver pipelines them): an UPDATE per
    # cluster round trip by round trip was most of a large batch's time.
    update = clusters.update().where(clusters.c.cluster_id == bindparam("b_cluster")).values(
        size=bindparam("b_size"),
        last_seen=func.coalesce(_later(clusters.c.last_seen, joined_at), joined_at))
    for start in range(0, len(touched), 500):
        chunk = touched[start:start + 500]
        sizes = conn.execute(select(memberships.c.cluster_id, func.count()).where(
            memberships.c.cluster_id.in_(chunk)).group_by(memberships.c.cluster_id)).all()
        conn.execute(update, [{"b_cluster": c, "b_size": n} for c, n in sizes])
    return touched


def membership_watermark(conn: Connection) -> tuple[int, datetime | None]:
    """(count, latest joined_at) of all memberships: a cheap fingerprint that changes
    whenever a dedupe run writes, used to tell whether a saved index is still current."""
    count, latest = conn.execute(select(func.count(), func.max(memberships.c.joined_at))
                                 .select_from(memberships)).one()
    return int(count), as_utc(latest)


def _later(column, value: datetime):
    """max(column, value) in SQL that SQLite and PostgreSQL both accept."""
    return case((column > value, column), else_=value)


def set_representative(conn: Connection, cluster_id: str, article_id: str, reason: str) -> None:
    set_representatives(conn, [(cluster_id, article_id, reason)])


def set_representatives(conn: Connection, chosen: list[tuple[str, str, str]]) -> None:
    """(cluster id, representative article id, reason) for many clusters at once."""
    if chosen:
        conn.execute(clusters.update().where(clusters.c.cluster_id == bindparam("b_cluster"))
                     .values(representative_id=bindparam("b_article"),
                             representative_reason=bindparam("b_reason")),
                     [{"b_cluster": c, "b_article": a, "b_reason": r} for c, a, r in chosen])


def get_cluster(conn: Connection, cluster_id: str) -> ClusterInfo | None:
    """The cluster an id names; for the id of a cluster merged into another, the survivor
    (its `cluster_id` tells which)."""
    cluster_id = resolve_cluster(conn, cluster_id) or cluster_id
    row = conn.execute(select(clusters).where(clusters.c.cluster_id == cluster_id)).first()
    return _info(row) if row else None


def list_clusters(conn: Connection, since: datetime | None = None, min_size: int = 1,
                  limit: int | None = None) -> list[ClusterInfo]:
    """Clusters, biggest first, optionally only those seen since a time."""
    query = select(clusters).where(clusters.c.size >= min_size)
    if since is not None:
        query = query.where(clusters.c.last_seen >= since)
    query = query.order_by(clusters.c.size.desc(), clusters.c.first_seen, clusters.c.cluster_id)
    return [_info(r) for r in conn.execute(query.limit(limit))]


def count_clusters(conn: Connection, min_size: int = 1) -> int:
    return conn.execute(select(func.count()).select_from(clusters)
                        .where(clusters.c.size >= min_size)).scalar_one()


def _member(r) -> Member:
    return Member(r.article_id, r.cluster_id, r.similarity, r.matched_id, as_utc(r.joined_at),
                  r.content_hash, r.title, r.source, r.url, r.canonical_url,
                  as_utc(r.published), as_utc(r.fetched_at), r.match_kind)


def _info(r) -> ClusterInfo:
    return ClusterInfo(r.cluster_id, r.config_key, r.representative_id, r.representative_reason,
                       r.size, as_utc(r.first_seen), as_utc(r.last_seen),
                       as_utc(getattr(r, "created_at", None)))

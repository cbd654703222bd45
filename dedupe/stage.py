"""The dedupe stage: the one module of `dedupe` that talks to storage.

Reads current articles without a cluster, removes their sources' template lines (learned
from each source's latest pages), signs them (reusing stored signatures by content hash),
matches them against the clusters seen inside the window, and writes memberships and the
merges of clusters a new copy bridged.
The window's index comes from shared_index.py: a file beside the store, or band tables in
Redis when several workers share it; either is rebuilt from the store when stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

import storage
from storage.locks import assignment_lock

from .batch import Batch
from .clustering import Assignment, ClusterIndex, Merge, relays
from .config import DedupeConfig
from .representative import Copy, representative
from .rows import SignedText, batch_of, split_signed
from .shared_index import IndexStore, open_index
from .signatures import LEAD_PERM, sign_texts
from .templates import learn_templates, strip_templates

__all__ = ["TEMPLATE_SAMPLE", "DedupeStageConfig", "DedupeSummary", "cluster_new", "dedupe_stage"]

# Latest pages of a source its template lines are learned from (templates.py).
TEMPLATE_SAMPLE = 200

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class DedupeSummary:
    """What one `cluster_new` call did. Signature counts are per distinct content hash;
    `skipped` counts articles with empty text (left unclustered); `index_reused` tells
    whether the saved window index was current (else it was rebuilt from the store)."""

    new_articles: int
    joined: int
    new_clusters: int
    signatures_computed: int
    signatures_reused: int
    skipped: int = 0
    index_reused: bool = False
    merged: int = 0  # clusters absorbed into an older one (their ids stay as aliases)


@dataclass(frozen=True)
class DedupeStageConfig:
    """The clustering configuration (its key names the outputs) and where the window's
    index is shared (redis://...; None: a file beside the store)."""

    dedupe: DedupeConfig
    index_url: str | None = None


def dedupe_stage(store: storage.Store, config: DedupeStageConfig, *, run_id: int,
                 shard: tuple[int, int] | None = None,
                 progress: Callable[[int, int], None] | None = None) -> DedupeSummary:
    """The dedupe stage inside the caller's recorded run: `cluster_new` over `shard`."""
    return cluster_new(store, config.dedupe, index_url=config.index_url, shard=shard)


# Unclustered articles placed per round: bounds memory however big the backlog (a day of
# a million articles would need ~17 GB at once); placement is the same in any chunking.
CHUNK = 20_000


def cluster_new(store: storage.Store, config: DedupeConfig, now: datetime | None = None, *,
                index_url: str | None = None, shard: tuple[int, int] | None = None,
                chunk: int = CHUNK) -> DedupeSummary:
    """Cluster every current article that has no cluster yet; a rerun adds nothing.

    Example: `cluster_new(storage.open_store(url), DedupeConfig(threshold=0.5))`; `now`
    (default: the current UTC time) stamps memberships and places the window's start.
    `index_url` (redis://...) shares the window's index between workers; `shard=(i, n)`
    takes only the articles whose id falls in shard i of n. Any number of processes may
    call this at once on one store: they sign in parallel, then assign one at a time under
    the store's assignment lock, so copies of one story seen by two workers at the same
    moment still get one cluster.
    """
    now = storage.as_utc(now) or storage.utcnow()
    index_store = open_index(index_url, store.url, store.data_dir)  # unreachable: fail now
    rounds: list[DedupeSummary] = []
    after: tuple[datetime, str] | None = None
    while True:
        with store.connect() as conn:
            page = storage.unclustered(conn, after, limit=chunk)
        if not page:
            break
        chunk_keys = (after, (page[-1].fetched_at, page[-1].article_id))
        rounds.append(_round(store, config, now, index_store, shard, chunk_keys))
        after = chunk_keys[1]
    return _total(rounds)


_Keys = tuple["tuple[datetime, str] | None", "tuple[datetime, str]"]


def _round(store: storage.Store, config: DedupeConfig, now: datetime,
           index_store: IndexStore, shard: tuple[int, int] | None,
           keys: _Keys) -> DedupeSummary:
    """Sign, then place, one chunk of unclustered articles (those between `keys`)."""
    book = _SignatureBook(store, config, now)
    # Signing is the slow part and needs no lock: sign (and store) first, so the locked
    # part below finds the signatures ready.
    with store.connect() as conn:
        pending = [a for a in storage.unclustered(conn, *keys)
                   if _in_shard(a.article_id, shard) and a.text.strip()]
    book.for_texts({a.content_hash: (a.source, a.text) for a in pending})
    del pending
    with assignment_lock(store):
        return _cluster(store, config, now, index_store, shard, keys, book)


def _total(rounds: list[DedupeSummary]) -> DedupeSummary:
    if not rounds:
        return DedupeSummary(0, 0, 0, 0, 0)
    sums = {f: sum(getattr(r, f) for r in rounds) for f in (
        "new_articles", "joined", "new_clusters", "signatures_computed", "signatures_reused",
        "skipped", "merged")}
    return DedupeSummary(**sums, index_reused=rounds[0].index_reused)


def _cluster(store: storage.Store, config: DedupeConfig, now: datetime,
             index_store: IndexStore, shard: tuple[int, int] | None, keys: _Keys,
             book: "_SignatureBook") -> DedupeSummary:
    """Read, match and write; the caller holds the assignment lock, so what is read here
    (the chunk's articles still unclustered, the index, its fingerprint) cannot change
    underneath."""
    since = now - timedelta(days=config.window_days)
    with store.connect() as conn:
        inputs = [a for a in storage.unclustered(conn, *keys) if _in_shard(a.article_id, shard)]
        watermark = _watermark(conn)
    pending = sorted((a for a in inputs if a.text.strip()),
                     key=lambda a: (a.fetched_at, a.article_id))
    new_records = book.for_texts({a.content_hash: (a.source, a.text) for a in pending})
    if not pending:
        return DedupeSummary(0, 0, 0, book.computed, book.reused, len(inputs))
    batch = batch_of([(a.article_id, a.content_hash) for a in pending], new_records,
                     config.num_perm)
    window = _StoreWindow(store, config, book, now, since, watermark)
    index, reused = index_store.index_for(batch, window)
    merges_before = len(index.merges)
    assignments = index.assign_batch(batch)
    merges = index.merges[merges_before:]
    _write(store, config, assignments, merges, now)
    with store.connect() as conn:
        index_store.save(batch, assignments, window, _watermark(conn))
    founded = sum(a.founded for a in assignments)
    return DedupeSummary(len(assignments), len(assignments) - founded, founded,
                         book.computed, book.reused, len(inputs) - len(pending), reused,
                         len(merges))


def _in_shard(article_id: str, shard: tuple[int, int] | None) -> bool:
    # Article ids are hex digests: their value spreads evenly over any number of shards.
    return shard is None or int(article_id, 16) % shard[1] == shard[0]


def _watermark(conn) -> tuple[int, str]:
    count, latest = storage.membership_watermark(conn)
    return count, storage.iso(latest) if latest else ""


@dataclass(frozen=True)
class _StoreWindow:
    """The window as the index stores see it (shared_index.Window), read from the store."""

    store: storage.Store
    config: DedupeConfig
    book: "_SignatureBook"
    now: datetime
    since: datetime
    watermark: tuple[int, str]

    def everything(self) -> tuple[ClusterIndex, dict[str, float]]:
        with self.store.connect() as conn:
            members = storage.members_since(conn, self.since)
            infos = {c.cluster_id: c.last_seen for c in storage.list_clusters(conn, self.since)}
        return self._index_of(members), {c: t.timestamp() for c, t in infos.items()}

    def signatures(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(ids, values, lead) of every member of the window, read in streamed chunks of
        only these columns (a rebuild of the shared index needs nothing else); members
        whose signature is not stored are signed again, as `everything` would."""
        ids: list[str] = []
        values: list[bytes] = []
        lead: list[bytes] = []
        missing: list[str] = []
        with self.store.connect() as conn:
            for part in storage.window_signatures(conn, self.since, self.config.signature_key):
                chunk_ids, chunk_values, chunk_lead = (list(c) for c in zip(*part))
                if None in chunk_values:
                    missing += [a for a, v in zip(chunk_ids, chunk_values) if v is None]
                    kept = [r for r, v in enumerate(chunk_values) if v is not None]
                    chunk_ids, chunk_values, chunk_lead = (
                        [c[r] for r in kept] for c in (chunk_ids, chunk_values, chunk_lead))
                ids += chunk_ids
                values += chunk_values
                lead += chunk_lead
        found = (_signature_array(values, self.config.num_perm),
                 _signature_array(lead, LEAD_PERM))
        if not missing:
            return ids, *found
        extra = self.signed(missing)
        return (ids + extra.ids, np.concatenate((found[0], extra.values)),
                np.concatenate((found[1], extra.lead)))

    def rows(self, article_ids: set[str]) -> ClusterIndex:
        with self.store.connect() as conn:
            return self._index_of(storage.window_members(conn, self.since, article_ids))

    def expired(self, after: datetime) -> list[str]:
        with self.store.connect() as conn:
            return storage.expired_members(conn, after, self.since)

    def signed(self, article_ids: list[str]) -> Batch:
        wanted = set(article_ids)
        with self.store.connect() as conn:  # any age: the epoch as the window's start
            members = storage.window_members(conn, _EPOCH, wanted)
        return self._index_of([m for m in members if m.article_id in wanted]).rows

    def _index_of(self, members: list[storage.Member]) -> ClusterIndex:
        records = self.book.for_members(members)
        members = [m for m in members if m.content_hash in records]  # vanished text: no match
        rows = batch_of([(m.article_id, m.content_hash) for m in members], records,
                        self.config.num_perm)
        founders, relaying = _anchors(members)
        return ClusterIndex(self.config, rows, [m.cluster_id for m in members], founders,
                            relaying)


def _anchors(members: list[storage.Member]) -> tuple[np.ndarray, np.ndarray]:
    """Which members founded their cluster, and which relay its anchor (clustering.py,
    step 3: placed as a copy or a container of a founder or relay)."""
    founders = {m.article_id for m in members if m.matched_id is None}
    relaying: set[str] = set()
    pending = [m for m in members if m.match_kind in ("copy", "full-story")]
    grew = True
    while grew:  # one batch's members share joined_at: their order says nothing
        grew = False
        for m in pending:
            if m.article_id not in relaying and relays(
                    m.match_kind, m.matched_id in founders, m.matched_id in relaying):
                relaying.add(m.article_id)
                grew = True
    return (np.array([m.article_id in founders for m in members], dtype=bool),
            np.array([m.article_id in relaying for m in members], dtype=bool))


def _signature_array(stored: list[bytes], perm: int) -> np.ndarray:
    """Stored signatures (little-endian uint32, signatures.to_bytes) as one matrix."""
    data = b"".join(stored)
    if len(data) != 4 * perm * len(stored):
        raise ValueError(f"stored signatures are not all {4 * perm} bytes long")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32).reshape(len(stored), perm)


class _SignatureBook:
    """Stored signatures first; the rest computed once per content hash and saved at once,
    in their own transaction, so a run killed later still keeps them. Texts are signed
    without their source's template lines (learned once per source and call)."""

    def __init__(self, store: storage.Store, config: DedupeConfig, now: datetime) -> None:
        self.store, self.config, self.now = store, config, now
        self.computed = 0
        self.reused = 0
        self._known: dict[str, SignedText] = {}  # signed or loaded by this call already
        self._templates: dict[str, frozenset[str]] = {}

    def for_texts(self, texts: dict[str, tuple[str, str]]) -> dict[str, SignedText]:
        """Signatures of new articles' (source, text), by content hash (each counted once
        per call of cluster_new, as reused from the store or computed)."""
        known = {h: self._known[h] for h in texts if h in self._known}
        found = self._load(h for h in texts if h not in known)
        self.reused += len(found)
        computed = self._compute({h: t for h, t in texts.items()
                                  if h not in known and h not in found})
        self._known.update(found)
        self._known.update(computed)
        return {**known, **found, **computed}

    def for_members(self, members: list[storage.Member]) -> dict[str, SignedText]:
        """Signatures of indexed members; only recomputed (from the stored text) when the
        signature key changed since they were clustered."""
        found = self._load({m.content_hash for m in members})
        texts: dict[str, tuple[str, str]] = {}
        with self.store.connect() as conn:
            for m in members:
                if m.content_hash not in found and m.content_hash not in texts:
                    article = storage.current_article(conn, m.article_id)
                    if article is not None and article.content_hash == m.content_hash:
                        texts[m.content_hash] = (m.source, article.text)
        return {**found, **self._compute(texts)}

    def _load(self, hashes) -> dict[str, SignedText]:
        with self.store.connect() as conn:
            stored = storage.load_signature_records(conn, hashes, self.config.signature_key)
        loaded = {h: SignedText.from_record(r, self.config.num_perm) for h, r in stored.items()}
        return {h: s for h, s in loaded.items() if s is not None}

    def _compute(self, texts: dict[str, tuple[str, str]]) -> dict[str, SignedText]:
        if not texts:
            return {}
        hashes = sorted(texts)
        plain = [strip_templates(texts[h][1], self._templates_of(texts[h][0])) for h in hashes]
        out = dict(zip(hashes, split_signed(sign_texts(plain, self.config))))
        with self.store.begin() as conn:
            storage.save_signature_records(
                conn, {h: storage.SignatureRecord(**s.record_fields()) for h, s in out.items()},
                self.config.signature_key, self.config.num_perm, self.now)
        self.computed += len(out)
        return out

    def _templates_of(self, source: str) -> frozenset[str]:
        if source not in self._templates:
            with self.store.connect() as conn:
                sample = storage.recent_texts(conn, source, TEMPLATE_SAMPLE)
            self._templates[source] = learn_templates(sample)
        return self._templates[source]


def _write(store: storage.Store, config: DedupeConfig, assignments: list[Assignment],
           merges: list[Merge], now: datetime) -> None:
    """All memberships and merges of the batch in ONE transaction: a killed run leaves none
    of them, and the next run (seeing the same unclustered articles) redoes the same work.
    Placements name the cluster as it was when each was made; the merges, applied after
    them in order, move what they must."""
    placed = [storage.NewMembership(a.article_id, a.cluster_id, a.similarity, a.matched_id,
                                    a.kind) for a in assignments]
    with store.begin() as conn:
        touched = set(storage.save_memberships(conn, placed, config.key, now))
        for m in merges:
            storage.merge_clusters(conn, m.absorbed, m.survivor, m.article_id, now, config.key)
        touched = {storage.resolve_cluster(conn, c) for c in touched} - {None}
        _choose_representatives(conn, config, sorted(touched))


def _choose_representatives(conn, config: DedupeConfig, cluster_ids: list[str]) -> None:
    members = storage.members_of(conn, cluster_ids)
    records = storage.load_signature_records(conn, {m.content_hash for m in members},
                                             config.signature_key)
    by_cluster: dict[str, list[Copy]] = {}
    for m in members:
        r = records.get(m.content_hash)
        by_cluster.setdefault(m.cluster_id, []).append(Copy(
            m.article_id, m.published, m.fetched_at, bool(r and r.teaser),
            r.credit if r else None, m.url, m.canonical_url, m.source,
            (r.shingles or 0) if r else 0))
    chosen = [(c, rep.article_id, rep.reason) for c, rep in
              ((c, representative(c, copies)) for c, copies in by_cluster.items())]
    storage.set_representatives(conn, chosen)

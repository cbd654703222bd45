"""The dedupe stage: the one module of `dedupe` that talks to storage.

Reads current articles without a cluster, signs them (reusing stored signatures by content
hash), matches them against the clusters seen inside the window, and writes memberships.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import storage
from sqlalchemy import Connection

from .clustering import Assignment, ClusterIndex, Doc, assign_all, representative
from .config import DedupeConfig
from .signatures import from_bytes, signature_of, to_bytes


@dataclass(frozen=True)
class DedupeSummary:
    """What one `cluster_new` call did. Signature counts are per distinct content hash of
    the new articles; `skipped` counts articles with empty text (left unclustered)."""

    new_articles: int
    joined: int
    new_clusters: int
    signatures_computed: int
    signatures_reused: int
    skipped: int = 0


def cluster_new(store: storage.Store, config: DedupeConfig,
                now: datetime | None = None) -> DedupeSummary:
    """Cluster every current article that has no cluster yet; a rerun adds nothing.

    Example: `cluster_new(storage.open_store(url), DedupeConfig(threshold=0.5))`; `now`
    (default: the current UTC time) stamps memberships and places the window's start.
    """
    now = storage.as_utc(now) or storage.utcnow()
    with store.connect() as conn:
        inputs = storage.unclustered(conn)
        members = storage.members_since(conn, now - timedelta(days=config.window_days))
    pending = [a for a in inputs if a.text.strip()]
    signed = _SignatureBook(store, config, now)
    new_sigs = signed.for_texts({a.content_hash: a.text for a in pending})
    member_sigs = signed.for_members(members)
    index = ClusterIndex(config)
    for m in members:
        if m.content_hash in member_sigs:  # a member whose article vanished cannot match
            index.add_member(_member_doc(m, member_sigs[m.content_hash]), m.cluster_id,
                             founder=m.matched_id is None)
    docs = [Doc(a.article_id, a.content_hash, new_sigs[a.content_hash], a.published,
                a.fetched_at, a.source) for a in pending]
    assignments = assign_all(index, docs)
    _write(store, config, index, assignments, now)
    founded = sum(a.founded for a in assignments)
    return DedupeSummary(len(assignments), len(assignments) - founded, founded,
                         signed.computed, signed.reused, len(inputs) - len(pending))


class _SignatureBook:
    """Stored signatures first; the rest computed once per content hash and saved at once,
    in their own transaction, so a run killed later still keeps them."""

    def __init__(self, store: storage.Store, config: DedupeConfig, now: datetime) -> None:
        self.store, self.config, self.now = store, config, now
        self.computed = 0
        self.reused = 0

    def for_texts(self, texts: dict[str, str]) -> dict[str, np.ndarray]:
        """Signatures of new articles' texts, by content hash."""
        with self.store.connect() as conn:
            found = self._load(conn, texts)
        self.reused += len(found)
        missing = {h: t for h, t in texts.items() if h not in found}
        return {**found, **self._compute(missing)}

    def for_members(self, members: list[storage.Member]) -> dict[str, np.ndarray]:
        """Signatures of indexed members; only recomputed (from the stored text) when the
        signature key changed since they were clustered."""
        with self.store.connect() as conn:
            found = self._load(conn, {m.content_hash for m in members})
            texts = {}
            for m in members:
                if m.content_hash not in found and m.content_hash not in texts:
                    article = storage.current_article(conn, m.article_id)
                    if article is not None and article.content_hash == m.content_hash:
                        texts[m.content_hash] = article.text
        return {**found, **self._compute(texts)}

    def _load(self, conn: Connection, hashes) -> dict[str, np.ndarray]:
        stored = storage.load_signatures(conn, hashes, self.config.signature_key)
        return {h: from_bytes(raw, self.config.num_perm) for h, raw in stored.items()}

    def _compute(self, texts: dict[str, str]) -> dict[str, np.ndarray]:
        if not texts:
            return {}
        sigs = {h: signature_of(t, self.config) for h, t in sorted(texts.items())}
        with self.store.begin() as conn:
            storage.save_signatures(conn, {h: to_bytes(s) for h, s in sigs.items()},
                                    self.config.signature_key, self.config.num_perm, self.now)
        self.computed += len(sigs)
        return sigs


def _write(store: storage.Store, config: DedupeConfig, index: ClusterIndex,
           assignments: list[Assignment], now: datetime) -> None:
    """All memberships of the batch in ONE transaction: a killed run leaves none of them,
    and the next run (seeing the same unclustered articles) redoes the same work."""
    if not assignments:
        return
    touched: dict[str, None] = {}
    with store.begin() as conn:
        for a in assignments:
            if a.founded:
                storage.create_cluster(conn, a.cluster_id, config.key, a.article_id,
                                       "only copy", now)
            storage.add_member(conn, a.article_id, a.cluster_id, a.similarity,
                               a.matched_id, now)
            touched[a.cluster_id] = None
        for cluster_id in touched:
            rep = representative(cluster_id, index.members(cluster_id))
            storage.set_representative(conn, cluster_id, rep.article_id, rep.reason)


def _member_doc(m: storage.Member, signature: np.ndarray) -> Doc:
    return Doc(m.article_id, m.content_hash, signature, m.published, m.fetched_at, m.source)

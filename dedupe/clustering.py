"""Cluster assignment: pure logic over signatures, no storage.

How an article finds its cluster (`ClusterIndex.assign`):
1. Same content hash as an indexed article -> that article's cluster, similarity 1.0.
2. Candidates from a datasketch `MinHashLSH`, banded for recall (see `_lsh`), are only
   candidates: each is VERIFIED by the estimated Jaccard of the full signatures, and kept
   only when >= `threshold`.
3. Anti-chaining: a verified match only opens its cluster if the article is also within
   `ANCHOR_RATIO * threshold` of the cluster's FOUNDER (its first member, fixed forever).
   Joining through any member would let a cluster walk, copy by copy, away from the story
   it was made for (A~B, B~C, C~D ... with A and D unrelated, e.g. through a round-up that
   quotes two stories). Anchoring every member to one fixed document bounds that drift,
   while copies that differ from the founder by more than the threshold (an edited copy of
   an edited copy) still join. Clusters are never merged: their ids are public.
4. Otherwise the article founds a cluster whose id derives from its own article id.

Articles of one batch are assigned oldest fetched first (ties by article id) and enter the
index as they go, so they match each other and a rerun makes the same choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
from datasketch import MinHashLSH

from .config import DedupeConfig
from .signatures import is_empty, to_lean

# Founder floor as a share of the threshold. Unrelated stories, even sharing a quoted
# paragraph, stay far below it; copies of copies stay above (bench/dedupe_quality.py).
ANCHOR_RATIO = 0.5
# The LSH bands for a threshold this much lower, weighting misses 9:1 over false
# candidates: near the verify threshold nearly every true pair becomes a candidate
# (P ~ 0.99 at 0.5 for 128 permutations) and verification drops the extra ones cheaply.
_LSH_SLACK = 0.1
_LSH_WEIGHTS = (0.1, 0.9)


@dataclass(frozen=True)
class Doc:
    """An article as clustering sees it."""

    article_id: str
    content_hash: str
    signature: np.ndarray = field(repr=False, compare=False)
    published: datetime | None
    fetched_at: datetime
    source: str = ""


@dataclass(frozen=True)
class Assignment:
    """Where one new article went; matched_id is None when it founded the cluster."""

    article_id: str
    cluster_id: str
    similarity: float
    matched_id: str | None

    @property
    def founded(self) -> bool:
        return self.matched_id is None


@dataclass(frozen=True)
class Representative:
    cluster_id: str
    article_id: str
    reason: str


def cluster_id_for(article_id: str) -> str:
    """A new cluster's id: derived from its founding article, so it never changes.

    The whole article id is kept: article ids are unique, so cluster ids cannot collide.
    """
    return "c" + article_id


class ClusterIndex:
    """Indexed members of the clusters in the window, plus what each batch adds."""

    def __init__(self, config: DedupeConfig) -> None:
        self.config = config
        self._lsh = _lsh(config)
        self._docs: dict[str, Doc] = {}
        self._cluster_of: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._founder: dict[str, str] = {}
        self._by_hash: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def add_member(self, doc: Doc, cluster_id: str, founder: bool = False) -> None:
        """Index an already clustered article (the first one added to a cluster, or the one
        flagged `founder`, anchors it)."""
        if doc.article_id in self._docs:
            return
        self._docs[doc.article_id] = doc
        self._cluster_of[doc.article_id] = cluster_id
        self._members.setdefault(cluster_id, []).append(doc.article_id)
        if founder or cluster_id not in self._founder:
            self._founder[cluster_id] = doc.article_id
        if doc.content_hash in self._by_hash:
            return  # an identical text is indexed already; the hash short-cut finds it
        self._by_hash[doc.content_hash] = doc.article_id
        if not is_empty(doc.signature):
            self._lsh.insert(doc.article_id, to_lean(doc.signature, self.config))

    def members(self, cluster_id: str) -> list[Doc]:
        return [self._docs[a] for a in self._members.get(cluster_id, [])]

    def assign(self, doc: Doc) -> Assignment:
        """Place one new article (see the module docstring) and index it."""
        assignment = self._match(doc) or Assignment(
            doc.article_id, cluster_id_for(doc.article_id), 1.0, None)
        self.add_member(doc, assignment.cluster_id, founder=assignment.founded)
        return assignment

    def _match(self, doc: Doc) -> Assignment | None:
        same = self._by_hash.get(doc.content_hash)
        if same is not None:
            return Assignment(doc.article_id, self._cluster_of[same], 1.0, same)
        if is_empty(doc.signature):
            return None  # no words: an empty signature would "match" every other empty one
        best: dict[str, tuple[float, str]] = {}  # cluster -> its best match, best first
        for other, sim in sorted(self._verified(doc), key=lambda pair: (-pair[1], pair[0])):
            best.setdefault(self._cluster_of[other], (sim, other))
        floor = ANCHOR_RATIO * self.config.threshold
        for cluster, (sim, other) in best.items():
            if self._founder_similarity(doc, cluster) >= floor:
                return Assignment(doc.article_id, cluster, sim, other)
        return None

    def _verified(self, doc: Doc) -> list[tuple[str, float]]:
        """LSH candidates whose full-signature similarity reaches the threshold."""
        candidates = sorted(self._lsh.query(to_lean(doc.signature, self.config)))
        if not candidates:
            return []
        stacked = np.stack([self._docs[c].signature for c in candidates])
        sims = np.count_nonzero(stacked == doc.signature, axis=1) / doc.signature.size
        return [(c, float(s)) for c, s in zip(candidates, sims) if s >= self.config.threshold]

    def _founder_similarity(self, doc: Doc, cluster_id: str) -> float:
        founder = self._docs[self._founder[cluster_id]]
        if founder.content_hash == doc.content_hash:
            return 1.0
        return float(np.count_nonzero(founder.signature == doc.signature)) / doc.signature.size


def assign_all(index: ClusterIndex, docs: list[Doc]) -> list[Assignment]:
    """Assign a batch in a deterministic order: oldest fetched first, then article id."""
    ordered = sorted(docs, key=lambda d: (d.fetched_at, d.article_id))
    return [index.assign(doc) for doc in ordered]


def representative(cluster_id: str, members: list[Doc]) -> Representative:
    """The copy that stands for a cluster: earliest published (unknown dates last), then
    earliest fetched, then smallest id; with a reason a person can read."""
    ranked = sorted(members, key=_rank)
    rep, n = ranked[0], len(ranked)
    if n == 1:
        reason = "only copy"
    elif rep.published is None:
        reason = (f"earliest fetched ({_iso(rep.fetched_at)}) of {n} copies; "
                  "none states a publication time")
    else:
        reason = f"earliest published ({_iso(rep.published)}) of {n} copies"
        if ranked[1].published == rep.published:
            reason += f"; tie broken by earliest fetched ({_iso(rep.fetched_at)})"
    return Representative(cluster_id, rep.article_id, reason)


def _rank(doc: Doc) -> tuple:
    unknown = doc.published is None
    published = _utc(doc.published) if doc.published else datetime.max.replace(tzinfo=timezone.utc)
    return (unknown, published, _utc(doc.fetched_at), doc.article_id)


def _lsh(config: DedupeConfig) -> MinHashLSH:
    banding = max(config.threshold - _LSH_SLACK, 0.05)
    return MinHashLSH(threshold=banding, num_perm=config.num_perm, weights=_LSH_WEIGHTS)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _iso(value: datetime) -> str:
    return _utc(value).isoformat()

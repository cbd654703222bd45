"""Cluster assignment: pure logic over signature arrays, no storage.

How a new article finds its cluster (`ClusterIndex.assign_batch`):
1. Same content hash as an earlier article -> that article's cluster, similarity 1.0.
2. Candidates share a band of the full signature (banded for recall) or of the lead
   signature (the opening ~20 words, which an excerpt shares with its story); each is
   VERIFIED (matching.py): a copy by Jaccard, or one text contained in the other.
3. Anti-chaining: a match only opens its cluster if the article is also related to one of
   the cluster's FOUNDERS (fixed forever): Jaccard >= `ANCHOR_RATIO * threshold`, or
   containment either way. Joining through any member would let a cluster walk, copy by
   copy, away from the story it was made for; a fixed anchor bounds that drift while an
   edited copy of an edited copy still joins. Which copy founds depends on arrival order,
   and a founder may be a fragment (a teaser fetched first) or a version (a write-thru):
   so RELAYS anchor too, but only for texts strictly related to them (a verified copy at
   the threshold with the length rule on, or contained either way): the members placed on
   a founder or a relay as a copy or as the text containing it ("full-story"), never as
   an excerpt. A write-thru then joins through the full story an excerpt founder was cut
   from, an excerpt through the copy of a write-thru founder, whatever came first; a
   round-up holding the story relays nothing of the other story it carries (held inside
   it, that is no copy, and it does not open it). Every link of a relay's path passed the
   guards at the full threshold, where joining through any member would need only one.
4. Merges: when the article is also a verified copy (or container, or excerpt) of the
   FOUNDER of another candidate cluster, checked directly and not through members, the two
   clusters were one story all along (a padded copy that founded a second cluster, a
   teaser that arrived first): the younger is absorbed into the older (`Merge`). Its id
   stays valid as an alias; the founders of both anchor the merged cluster.
5. Otherwise the article founds a cluster whose id derives from its own article id.

Rows are assigned in order (the stage sorts a batch oldest fetched first, ties by article
id) and only match EARLIER rows, so a batch behaves as if added one by one and a rerun
makes the same choices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import DedupeConfig
from .lsh import band_keys, band_params, candidate_pairs
from .matching import ANCHOR_RATIO, Rules
from .batch import Batch, place_codes

__all__ = ["ANCHOR_RATIO", "KINDS", "Assignment", "Batch", "ClusterIndex", "Merge",
           "cluster_id_for", "lsh_bands", "place_codes", "relays"]

# The LSH bands for a threshold this much lower. datasketch's weighting (misses 9:1 over
# false candidates) already finds a pair at the threshold 0.3 with probability 0.95 in 32
# bands of 2; bands for 0.2 (64 of 2: twice the keys, in memory and in Redis) found no
# further pair on bench/dedupe_real.py, whose near-threshold copies also reach their
# cluster through its other members.
_LSH_SLACK = 0.0
# Lead signatures of an excerpt and its story are near-identical: 8 bands of 2 values find
# a lead Jaccard of 0.7 with probability 0.995, while unrelated leads share no values.
_LEAD_BANDS = (8, 2)

KINDS = ("founder", "same-text", "copy", "excerpt", "full-story")


@dataclass(frozen=True)
class Assignment:
    """Where one new article went; matched_id is None when it founded the cluster.

    kind: founder | same-text | copy (Jaccard) | excerpt (contained in the matched text)
    | full-story (the text containing the matched excerpt). cluster_id is the cluster as
    it was when the article was placed: `ClusterIndex.resolve` follows later merges.
    """

    article_id: str
    cluster_id: str
    similarity: float
    matched_id: str | None
    kind: str = "founder"

    @property
    def founded(self) -> bool:
        return self.matched_id is None


@dataclass(frozen=True)
class Merge:
    """Cluster `absorbed` became part of `survivor` when `article_id` bridged them."""

    absorbed: str
    survivor: str
    article_id: str


def lsh_bands(config: DedupeConfig) -> tuple[tuple[int, int], tuple[int, int]]:
    """(bands, rows) of the full-signature LSH and of the lead-signature LSH: the in-memory
    index and the Redis one (redis_bands.py) band alike, so they find the same candidates."""
    full = band_params(max(config.threshold - _LSH_SLACK, 0.05), config.num_perm)
    return full, _LEAD_BANDS


def relays(kind: str, to_founder: bool, to_relay: bool) -> bool:
    """Whether a row placed as `kind`, matched to a founder or a relay, relays (step 3)."""
    return kind in ("copy", "full-story") and (to_founder or to_relay)


def cluster_id_for(article_id: str) -> str:
    """A new cluster's id: derived from its founding article, so it never changes."""
    return "c" + article_id


class ClusterIndex:
    """Clustered articles of the window (as arrays), the cluster of each row, the merges."""

    def __init__(self, config: DedupeConfig, rows: Batch | None = None,
                 cluster_ids: list[str] | None = None, founders: np.ndarray | None = None,
                 relaying: np.ndarray | None = None):
        self.config = config
        self.rows = rows if rows is not None else Batch.empty(config.num_perm)
        self.cluster_of: list[str] = list(cluster_ids or [])
        # True where a row founded its cluster (or a cluster merged into it): the anchors.
        self.founder = founders if founders is not None else np.zeros(len(self.rows), bool)
        self._founders: dict[str, list[int]] = {}
        for r in np.flatnonzero(self.founder):
            self._founders.setdefault(self.cluster_of[r], []).append(int(r))
        # True where a row relays its cluster's anchor (step 3).
        self.relay = relaying if relaying is not None else np.zeros(len(self.rows), bool)
        self._relays: dict[str, list[int]] = {}
        for r in np.flatnonzero(self.relay):
            self._relays.setdefault(self.cluster_of[r], []).append(int(r))
        self.aliases: dict[str, str] = {}  # absorbed cluster -> the one it merged into
        self.merges: list[Merge] = []

    def __len__(self) -> int:
        return len(self.rows)

    def assign_batch(self, batch: Batch) -> list[Assignment]:
        """Place every row of `batch`, in its order, and append it to the index."""
        if len(batch) == 0:
            return []
        first = len(self.rows)
        # An empty index takes the batch as it is: copying a million signatures costs 0.6 GB.
        self.rows = self.rows.concat(batch) if first else batch
        self.founder = np.concatenate((self.founder, np.zeros(len(batch), bool)))
        self.relay = np.concatenate((self.relay, np.zeros(len(batch), bool)))
        matcher = _Matcher(self, first)
        return [matcher.place(first + i) for i in range(len(batch))]

    def resolve(self, cluster_id: str) -> str:
        """The cluster an id stands for now, following merges."""
        while cluster_id in self.aliases:
            cluster_id = self.aliases[cluster_id]
        return cluster_id

    def cluster(self, row: int) -> str:
        return self.resolve(self.cluster_of[row])

    def founder_rows(self, cluster_id: str) -> list[int]:
        """The founders' rows; empty when no founder's text is left in the store (the
        cluster can then not be joined: nothing anchors it)."""
        return self._founders.get(self.resolve(cluster_id), [])

    def relay_rows(self, cluster_id: str) -> list[int]:
        """Rows that relay the cluster's anchor (step 3)."""
        return self._relays.get(self.resolve(cluster_id), [])

    def record(self, row: int, assignment: Assignment, relay: bool = False) -> None:
        """Append a placed row; `relay`: it relays its cluster's anchor (step 3)."""
        self.cluster_of.append(assignment.cluster_id)
        if assignment.founded:
            self.founder[row] = True
            self._founders[assignment.cluster_id] = [row]
        elif relay:
            self.relay[row] = True
            self._relays.setdefault(self.resolve(assignment.cluster_id), []).append(row)

    def merge(self, survivor: str, absorbed: str, article_id: str) -> None:
        self.aliases[absorbed] = survivor
        self._founders[survivor] = sorted(self._founders[survivor] + self._founders.pop(absorbed))
        moved = self._relays.pop(absorbed, [])
        if moved:
            self._relays[survivor] = sorted(self._relays.get(survivor, []) + moved)
        self.merges.append(Merge(absorbed, survivor, article_id))


@dataclass(frozen=True)
class _Found:
    """The best verified match of a row in one candidate cluster."""

    score: float
    other: int  # the matched row
    kind: str
    ranks: tuple  # sort key: copies first, then by score


# Candidate pairs verified per numpy call: bounds the (pairs x num_perm) temporaries.
_PAIR_CHUNK = 20000


class _Matcher:
    """The candidates of one batch and their verdicts, computed in bulk (they do not depend
    on which cluster anything is in), then used row by row in order."""

    def __init__(self, index: ClusterIndex, first: int) -> None:
        config, rows = index.config, index.rows
        self.index, self.first, self.config = index, first, config
        self.rules = Rules(rows, config.threshold, config.containment)
        # The first row holding each content hash: the same-text short-cut.
        _, firsts, inverse = np.unique(rows.hashes, return_index=True, return_inverse=True)
        self.same = firsts[inverse]
        self.empty = rows.words == 0  # no words: its signature is all EMPTY
        query, cand = self._candidates(rows, first)
        verdicts = self._verify(query, cand)
        keep = verdicts[0] | verdicts[2]
        self.query, self.cand = query[keep], cand[keep]
        self.copy, self.sims, self.inside, self.scores, self.part = (v[keep] for v in verdicts)
        self.ptr = np.searchsorted(self.query, np.arange(first, len(rows) + 1))

    def _candidates(self, rows: Batch, first: int) -> tuple[np.ndarray, np.ndarray]:
        """(row, earlier candidate row) pairs sharing a full or lead band, each once,
        sorted by row; empty texts are nobody's candidates."""
        full, lead = lsh_bands(self.config)
        n = len(rows)
        codes = []
        for values, bands in ((rows.values, full), (rows.lead, lead)):
            ptr, cand = candidate_pairs(band_keys(values, *bands), first)
            query = np.repeat(np.arange(first, n), np.diff(ptr))
            codes.append(query.astype(np.int64) * n + cand)
        query, cand = np.divmod(np.unique(np.concatenate(codes)), n)
        keep = ~self.empty[query] & ~self.empty[cand]
        return query[keep], cand[keep]

    def _verify(self, query: np.ndarray, cand: np.ndarray):
        parts = [self.rules.verdicts(query[i:i + _PAIR_CHUNK], cand[i:i + _PAIR_CHUNK])
                 for i in range(0, query.size, _PAIR_CHUNK)]
        if not parts:
            empty_bool, empty_float = np.zeros(0, bool), np.zeros(0)
            return empty_bool, empty_float, empty_bool, empty_float, empty_bool
        return tuple(np.concatenate([getattr(p, f) for p in parts]) for f in (
            "copy", "similarity", "inside", "containment", "a_is_part"))

    def place(self, row: int) -> Assignment:
        index = self.index
        assignment, other = self._match(row)
        assignment = assignment or Assignment(
            index.rows.ids[row], cluster_id_for(index.rows.ids[row]), 1.0, None)
        index.record(row, assignment, relays(assignment.kind, bool(index.founder[other]),
                                             bool(index.relay[other])))
        return assignment

    def _match(self, row: int) -> tuple[Assignment | None, int]:
        """The row's placement (None: it founds a cluster) and the row it matched."""
        index, i = self.index, row - self.first
        ids = index.rows.ids
        same = int(self.same[row])
        if same < row:
            return Assignment(ids[row], index.cluster(same), 1.0, ids[same], "same-text"), same
        lo, hi = self.ptr[i], self.ptr[i + 1]
        if lo == hi:
            return None, -1  # no verified candidate (or no words)
        found = self._best_per_cluster(lo, hi)
        verified = set(self.cand[lo:hi].tolist())  # a founder among them needs no check
        for cluster, match in found.items():
            if self._anchored(row, index.founder_rows(cluster), verified) or \
                    self._strictly_related(row, index.relay_rows(cluster), verified):
                self._merge_bridged(row, cluster, found, verified)
                return Assignment(ids[row], index.resolve(cluster), match.score,
                                  ids[match.other], match.kind), match.other
        return None, -1

    def _best_per_cluster(self, lo: int, hi: int) -> dict[str, _Found]:
        """Best verified match per candidate cluster, best cluster first (copies by
        Jaccard before containment, then by score)."""
        best: dict[str, tuple] = {}
        cluster_of = self.index.cluster
        for c, is_copy, sim, score, part in zip(
                self.cand[lo:hi].tolist(), self.copy[lo:hi].tolist(), self.sims[lo:hi].tolist(),
                self.scores[lo:hi].tolist(), self.part[lo:hi].tolist()):
            rank = (not is_copy, -(sim if is_copy else score), c)
            cluster = cluster_of(c)
            if cluster not in best or rank < best[cluster][0]:
                best[cluster] = (rank, is_copy, part)
        out = {}
        for cluster, (rank, is_copy, part) in sorted(best.items(), key=lambda item: item[1][0]):
            kind = "copy" if is_copy else ("excerpt" if part else "full-story")
            out[cluster] = _Found(-rank[1], rank[2], kind, rank)
        return out

    def _anchored(self, row: int, founders: list[int], verified: set[int]) -> bool:
        """Related to one of the founders: a looser Jaccard (no length rule), or either
        containment; same text always; a founder the row verified against already is."""
        if not founders:
            return False
        if not verified.isdisjoint(founders):
            return True
        rows, f = self.index.rows, np.array(founders)
        if np.any(rows.hashes[f] == rows.hashes[row]):
            return True
        v = self.rules.verdicts(np.full(f.size, row), f,
                                ANCHOR_RATIO * self.config.threshold, sized=False)
        return bool(v.copy.any() or v.inside.any())

    def _strictly_related(self, row: int, founders: list[int], verified: set[int]) -> bool:
        """A verified copy, excerpt or container of one of the founders themselves."""
        if not verified.isdisjoint(founders):
            return True
        f = np.array(founders)
        if f.size == 0:
            return False
        v = self.rules.verdicts(np.full(f.size, row), f)
        return bool(v.copy.any() or v.inside.any())

    def _merge_bridged(self, row: int, chosen: str, found: dict[str, _Found],
                       verified: set[int]) -> None:
        """Merge every other candidate cluster whose founder this row verifies against,
        when it verifies against the chosen cluster's founder as well."""
        index = self.index
        others = [c for c in found if c != chosen and index.resolve(c) != chosen]
        if not others or not self._strictly_related(row, index.founder_rows(chosen), verified):
            return
        for other in others:
            other, chosen = index.resolve(other), index.resolve(chosen)
            if other != chosen and self._strictly_related(row, index.founder_rows(other),
                                                          verified):
                older, younger = sorted((chosen, other),
                                        key=lambda c: (index.founder_rows(c)[0], c))
                index.merge(older, younger, index.rows.ids[row])

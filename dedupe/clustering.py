"""Cluster assignment: pure logic over signature arrays, no storage.

How a new article finds its cluster (`ClusterIndex.assign_batch`):
1. Same content hash as an earlier article -> that article's cluster, similarity 1.0.
2. Banded LSH candidates (lsh.py, banded for recall) are only candidates: each is VERIFIED
   by the estimated Jaccard of the full signatures and kept when >= `threshold`.
3. Teasers (texts that ended with "Read the full story at ...") match by CONTAINMENT
   instead: candidates share a band of the lead signature (the first 40 words), and the
   teaser joins when >= `containment` of its shingles are in the candidate. A full story
   arriving after its teaser joins the teaser's cluster the same way. A short text WITHOUT
   a teaser pointer (a brief) gets no containment match: it stays on its own.
4. Anti-chaining: a match only opens its cluster if the article is also related to the
   cluster's FOUNDER (its first member, fixed forever): Jaccard >= `ANCHOR_RATIO *
   threshold`, or containment when one of them is a teaser. Joining through any member
   would let a cluster walk, copy by copy, away from the story it was made for (A~B, B~C
   ... with A and D unrelated, e.g. through a round-up that quotes two stories); one fixed
   anchor bounds that drift while an edited copy of an edited copy still joins. Clusters
   are never merged: their ids are public.
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
from .signatures import LEAD_PERM, containment

__all__ = ["ANCHOR_RATIO", "KINDS", "Assignment", "Batch", "ClusterIndex", "cluster_id_for",
           "lsh_bands"]

# Founder floor as a share of the threshold. Unrelated stories, even sharing a quoted
# paragraph, stay far below it; copies of copies stay above (bench/dedupe_quality.py).
ANCHOR_RATIO = 0.5
# The LSH bands for a threshold this much lower, weighting misses 9:1 over false
# candidates: near the verify threshold nearly every true pair becomes a candidate and
# verification drops the extra ones cheaply.
_LSH_SLACK = 0.1
# Lead signatures of a teaser and its story are near-identical: 8 bands of 2 values find
# a lead Jaccard of 0.7 with probability 0.995 (a one-paragraph teaser shorter than the
# lead window shares ~0.7 of it), while unrelated leads share no values at all.
_LEAD_BANDS = (8, 2)
# Shorter / longer word count a Jaccard match must reach (bench/dedupe_quality.py: heavy
# edits stay above 0.7, a story inside a round-up of two is below 0.55).
MIN_LENGTH_RATIO = 0.6
# A full story has at least this many times the words of a teaser it contains.
_LONGER = 2.0
# Teasers shorter than this are too short to tell from a brief by their words alone.
MIN_TEASER_WORDS = 20

KINDS = ("founder", "same-text", "copy", "excerpt", "full-story")


@dataclass(frozen=True)
class Assignment:
    """Where one new article went; matched_id is None when it founded the cluster.

    kind: founder | same-text | copy (Jaccard) | excerpt (a teaser contained in the
    matched story) | full-story (the story containing the matched teaser).
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
class Batch:
    """Signed articles as arrays, row i for article ids[i]."""

    ids: list[str]
    hashes: np.ndarray  # (n,) uint64: content-hash codes
    values: np.ndarray  # (n, num_perm) uint32
    lead: np.ndarray  # (n, LEAD_PERM) uint32
    teaser: np.ndarray  # (n,) bool
    words: np.ndarray  # (n,) int32

    @staticmethod
    def empty(num_perm: int) -> "Batch":
        return Batch([], np.empty(0, np.uint64), np.empty((0, num_perm), np.uint32),
                     np.empty((0, LEAD_PERM), np.uint32), np.empty(0, bool),
                     np.empty(0, np.int32))

    def __len__(self) -> int:
        return len(self.ids)

    def concat(self, other: "Batch") -> "Batch":
        return Batch(self.ids + other.ids, np.concatenate((self.hashes, other.hashes)),
                     np.concatenate((self.values, other.values)),
                     np.concatenate((self.lead, other.lead)),
                     np.concatenate((self.teaser, other.teaser)),
                     np.concatenate((self.words, other.words)))

    def take(self, rows: np.ndarray) -> "Batch":
        return Batch([self.ids[i] for i in rows], self.hashes[rows], self.values[rows],
                     self.lead[rows], self.teaser[rows], self.words[rows])


def lsh_bands(config: DedupeConfig) -> tuple[tuple[int, int], tuple[int, int]]:
    """(bands, rows) of the full-signature LSH and of the lead-signature LSH: the in-memory
    index and the Redis one (redis_bands.py) band alike, so they find the same candidates."""
    full = band_params(max(config.threshold - _LSH_SLACK, 0.05), config.num_perm)
    return full, _LEAD_BANDS


def cluster_id_for(article_id: str) -> str:
    """A new cluster's id: derived from its founding article, so it never changes."""
    return "c" + article_id


class ClusterIndex:
    """Clustered articles of the window (as arrays) and the cluster of each row."""

    def __init__(self, config: DedupeConfig, rows: Batch | None = None,
                 cluster_ids: list[str] | None = None, founders: np.ndarray | None = None):
        self.config = config
        self.rows = rows if rows is not None else Batch.empty(config.num_perm)
        self.cluster_of: list[str] = list(cluster_ids or [])
        # True where a row founded its cluster: the anchor of anti-chaining.
        self.founder = founders if founders is not None else np.zeros(len(self.rows), bool)
        self._founder_row = {self.cluster_of[r]: int(r) for r in np.flatnonzero(self.founder)}

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
        matcher = _Matcher(self, first)
        out = [matcher.place(first + i) for i in range(len(batch))]
        return out

    def founder_row(self, cluster_id: str) -> int | None:
        """The founder's row; None when the founder's text is gone from the store (its
        cluster can then not be joined: nothing anchors it)."""
        return self._founder_row.get(cluster_id)

    def record(self, row: int, assignment: Assignment) -> None:
        self.cluster_of.append(assignment.cluster_id)
        if assignment.founded:
            self.founder[row] = True
            self._founder_row[assignment.cluster_id] = row


class _Matcher:
    """The candidates of one batch, computed in bulk, then used row by row."""

    def __init__(self, index: ClusterIndex, first: int) -> None:
        config, rows = index.config, index.rows
        self.index, self.first, self.config = index, first, config
        full, lead = lsh_bands(config)
        self.jac_ptr, self.jac = candidate_pairs(band_keys(rows.values, *full), first)
        self.lead_ptr, self.lead = candidate_pairs(band_keys(rows.lead, *lead), first)
        # The first row holding each content hash: the same-text short-cut.
        _, firsts, inverse = np.unique(rows.hashes, return_index=True, return_inverse=True)
        self.same = firsts[inverse]
        self.empty = rows.words == 0  # no words: its signature is all EMPTY
        self.contains = rows.teaser & (rows.words >= MIN_TEASER_WORDS)

    def place(self, row: int) -> Assignment:
        index = self.index
        assignment = self._match(row) or Assignment(
            index.rows.ids[row], cluster_id_for(index.rows.ids[row]), 1.0, None)
        index.record(row, assignment)
        return assignment

    def _match(self, row: int) -> Assignment | None:
        ids, i = self.index.rows.ids, row - self.first
        same = int(self.same[row])
        if same < row:
            return Assignment(ids[row], self.index.cluster_of[same], 1.0, ids[same],
                              "same-text")
        if self.empty[row]:
            return None  # no words: an empty signature would "match" every other one
        leads = self.lead[self.lead_ptr[i]:self.lead_ptr[i + 1]]
        # A teaser is compared with full stories by containment first: by Jaccard it would
        # sooner match a brief of the same opening paragraph than the story it points to.
        if self.contains[row]:
            found = self._by_containment(row, leads)
            return found or self._by_jaccard(row, self.jac[self.jac_ptr[i]:self.jac_ptr[i + 1]])
        found = self._by_jaccard(row, self.jac[self.jac_ptr[i]:self.jac_ptr[i + 1]])
        return found or self._by_containment(row, leads)

    def _by_jaccard(self, row: int, cands: np.ndarray) -> Assignment | None:
        if cands.size == 0:
            return None
        # Teasers match teasers and full texts full texts by Jaccard; across the two only
        # containment counts, so a brief never rides into a story through its teaser.
        rows = self.index.rows
        cands = cands[rows.teaser[cands] == rows.teaser[row]]
        # Copies are about the same length; a text twice as long that holds this one (a
        # round-up of two stories) reaches Jaccard 0.5 yet is another document, and as a
        # cluster's founder it would pull in the copies of BOTH stories.
        ratio = np.minimum(rows.words[cands], rows.words[row]) / np.maximum(
            np.maximum(rows.words[cands], rows.words[row]), 1)
        cands = cands[ratio >= MIN_LENGTH_RATIO]
        values = rows.values
        sims = np.count_nonzero(values[cands] == values[row], axis=1) / values.shape[1]
        keep = sims >= self.config.threshold
        return self._first_anchored(row, cands[keep], sims[keep], "copy")

    def _by_containment(self, row: int, cands: np.ndarray) -> Assignment | None:
        """A teaser inside an earlier story, or a story holding an earlier teaser."""
        rows = self.index.rows
        if cands.size == 0 or (rows.teaser[row] and not self.contains[row]):
            return None
        # The other side must be a full story clearly longer than the teaser: a brief of the
        # same opening paragraph "contains" a one-paragraph teaser too.
        if self.contains[row]:
            cands = cands[~rows.teaser[cands] & (rows.words[cands] >= _LONGER * rows.words[row])]
            scores, kind = containment(rows.values[row], rows.values[cands]), "excerpt"
        else:
            cands = cands[self.contains[cands] & (rows.words[row] >= _LONGER * rows.words[cands])]
            scores = np.array([containment(rows.values[c], rows.values[row])[0] for c in cands])
            kind = "full-story"
        keep = scores >= self.config.containment
        return self._first_anchored(row, cands[keep], scores[keep], kind)

    def _first_anchored(self, row, cands, scores, kind) -> Assignment | None:
        """The best-scoring candidate cluster whose founder the row is related to."""
        index, best = self.index, {}
        for c, s in sorted(zip(cands.tolist(), scores.tolist()), key=lambda p: (-p[1], p[0])):
            best.setdefault(index.cluster_of[c], (s, c))
        for cluster, (score, other) in best.items():
            founder = index.founder_row(cluster)
            if founder is not None and self._anchored(row, founder):
                return Assignment(index.rows.ids[row], cluster, float(score),
                                  index.rows.ids[other], kind)
        return None

    def _anchored(self, row: int, founder: int) -> bool:
        rows, cfg = self.index.rows, self.config
        if rows.hashes[row] == rows.hashes[founder]:
            return True
        a, b = rows.values[row], rows.values[founder]
        if np.count_nonzero(a == b) / a.size >= ANCHOR_RATIO * cfg.threshold:
            return True
        # A teaser and its story, or two teasers of different length: the shorter inside
        # the longer (two teasers are both the story's opening).
        longer = rows.words[row] >= rows.words[founder]
        if self.contains[founder] and (not self.contains[row] or longer):
            return containment(b, a)[0] >= cfg.containment
        if self.contains[row]:
            return containment(a, b)[0] >= cfg.containment
        return False

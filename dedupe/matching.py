"""Whether signed texts are copies of one story: the verification rules, over candidate rows.

A candidate (from the LSH bands) is a COPY of the row when
- their estimated Jaccard reaches the threshold,
- their sizes (distinct shingles, after repeated lines were collapsed) are within
  MIN_LENGTH_RATIO: a text that holds this one plus as much again is another document
  (a round-up), whatever its Jaccard;
- the agreement is not made of quotations (`narrative_agreement`): independent stories of
  one event quote the same sentences; copies share their narrative as well;
- their datelines do not name two different places (one wire story has one dateline).
It is CONTAINED (an excerpt or abridged copy inside the longer text, or the longer text
holding an earlier excerpt) when the shorter has at least MIN_CONTAINED shingles, the
estimated share of them found in the longer reaches `containment`, both OPEN alike (lead
signatures agree: papers cut wire copy from the bottom and excerpts are the opening, while
the second story of a round-up starts elsewhere) and the datelines do not disagree.
"""

from __future__ import annotations

import numpy as np

from .signatures import EMPTY

__all__ = ["ANCHOR_RATIO", "LEAD_AGREEMENT", "MIN_CONTAINED", "MIN_LENGTH_RATIO",
           "NARRATIVE_RATIO", "Rules"]

# Founder floor as a share of the threshold (anti-chaining, clustering.py).
ANCHOR_RATIO = 0.5
# Smaller / larger distinct-shingle count a Jaccard match must reach.
MIN_LENGTH_RATIO = 0.6
# Distinct shingles a text needs before containment can tell an excerpt from chance.
MIN_CONTAINED = 20
# Share of equal lead values (16) that says two texts open alike.
LEAD_AGREEMENT = 0.4
# The narrative part of two texts must agree at this share of the threshold.
NARRATIVE_RATIO = 1.0
# Below this many slots whose union minimum is narrative, a pair is (nearly) all quotation
# and the narrative estimate means nothing: the plain Jaccard decides.
MIN_NARRATIVE_SLOTS = 24


class Rules:
    """The rules over the rows of an index (clustering.Batch-like arrays)."""

    def __init__(self, rows, threshold: float, containment: float) -> None:
        self.rows, self.threshold, self.containment = rows, threshold, containment

    def jaccard(self, row: int, cands: np.ndarray) -> np.ndarray:
        values = self.rows.values
        return np.count_nonzero(values[cands] == values[row], axis=1) / values.shape[1]

    def copies(self, row: int, cands: np.ndarray, floor: float | None = None,
               sized: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(mask, Jaccard) of the candidates that are copies (at `floor`, default the
        threshold; `sized=False` drops the length rule, for founder anchoring)."""
        floor = self.threshold if floor is None else floor
        sims = self.jaccard(row, cands)
        ok = (sims >= floor) & self.same_place(row, cands)
        if sized:
            ok &= self.size_ratio(row, cands) >= MIN_LENGTH_RATIO
        if ok.any():
            ok[ok] = self.narrative_agreement(row, cands[ok]) >= NARRATIVE_RATIO * floor
        return ok, sims

    def contained(self, row: int, cands: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mask, containment score, row_is_part) of candidates one of which lies inside
        the other, the shorter being `row` where row_is_part."""
        size = self.rows.shingles
        row_is_part = size[row] <= size[cands]
        shorter = np.minimum(size[cands], size[row])
        ok = (shorter >= MIN_CONTAINED) & self.same_place(row, cands) & self.opens_alike(row, cands)
        scores = np.zeros(cands.size)
        if ok.any():
            part, whole = self._sides(row, cands[ok], row_is_part[ok])
            scores[ok] = containment_of(*part, *whole)
            ok &= scores >= self.containment
        return ok, scores, row_is_part

    def _sides(self, row, cands, row_is_part):
        values, size = self.rows.values, self.rows.shingles
        mine = np.broadcast_to(values[row], values[cands].shape)
        theirs = values[cands]
        pick = row_is_part[:, None]
        part = (np.where(pick, mine, theirs), np.where(row_is_part, size[row], size[cands]))
        whole = (np.where(pick, theirs, mine), np.where(row_is_part, size[cands], size[row]))
        return part, whole

    def size_ratio(self, row: int, cands: np.ndarray) -> np.ndarray:
        size = self.rows.shingles
        return np.minimum(size[cands], size[row]) / np.maximum(
            np.maximum(size[cands], size[row]), 1)

    def same_place(self, row: int, cands: np.ndarray) -> np.ndarray:
        place = self.rows.place
        return (place[row] == 0) | (place[cands] == 0) | (place[cands] == place[row])

    def opens_alike(self, row: int, cands: np.ndarray) -> np.ndarray:
        lead = self.rows.lead
        agree = np.count_nonzero(lead[cands] == lead[row], axis=1) / lead.shape[1]
        return (agree >= LEAD_AGREEMENT) & (lead[row, 0] != EMPTY)

    def narrative_agreement(self, row: int, cands: np.ndarray) -> np.ndarray:
        """Estimated Jaccard of the texts' narrative parts (outside quotations).

        MinHash slot p holds the minimum of the union; its quoted bit says whether that
        shingle lies inside a quotation. So among the slots whose union minimum is
        narrative, the equal ones estimate |A_n & B_n| / |A_n | B_n|. A pair with too few
        narrative slots is all quotation on one side: its plain Jaccard stands.
        """
        rows, perm = self.rows, self.rows.values.shape[1]
        mine = np.unpackbits(rows.quoted[row], count=perm).astype(bool)
        theirs = np.unpackbits(rows.quoted[cands], axis=1, count=perm).astype(bool)
        a, b = rows.values[row], rows.values[cands]
        union_quoted = np.where(a <= b, mine, theirs)
        narrative = np.count_nonzero(~union_quoted, axis=1)
        agree = np.count_nonzero((a == b) & ~union_quoted, axis=1)
        plain = np.count_nonzero(a == b, axis=1) / perm
        return np.where(narrative >= MIN_NARRATIVE_SLOTS, agree / np.maximum(narrative, 1), plain)


def containment_of(part: np.ndarray, part_size: np.ndarray, whole: np.ndarray,
                   whole_size: np.ndarray) -> np.ndarray:
    """Estimated share of each part's shingles found in its whole (rows pair up).

    A slot where part's minimum is smaller than whole's holds a shingle of part that whole
    lacks, with probability |part - whole| / |part U whole|; with the exact distinct sizes
    that gives |part - whole| without the noise a Jaccard-based estimate drags in when part
    is much smaller than whole.
    """
    lacking = np.count_nonzero(part < whole, axis=1) / part.shape[1]
    extra = lacking * whole_size / np.maximum(1.0 - lacking, 1.0 / part.shape[1])
    return np.clip(1.0 - extra / np.maximum(part_size, 1), 0.0, 1.0)

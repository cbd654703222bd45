"""Whether signed texts are copies of one story: the verification rules, over candidate rows.

A candidate (from the LSH bands) is a COPY of the row when
- their estimated Jaccard reaches the threshold,
- the shorter is not HELD inside a far longer one: when their sizes (distinct shingles,
  after repeated lines were collapsed) are not within MIN_LENGTH_RATIO and the shorter's
  shingles are (`containment` of them) in the longer, the longer is this text plus as
  much again (a round-up), whatever its Jaccard, and only the containment rule (with its
  lead agreement) can join them; two versions of different lengths that each have text
  of their own (a write-thru) are judged by their Jaccard;
- the agreement is not made of quotations (`narrative_agreement`): independent stories of
  one event quote the same sentences; copies share their narrative as well;
- their datelines do not name two different places (one wire story has one dateline).
It is CONTAINED (an excerpt or abridged copy inside the longer text, or the longer text
holding an earlier excerpt) when the shorter has at least MIN_CONTAINED shingles, the
estimated share of them found in the longer reaches `containment`, both OPEN alike (lead
signatures agree: papers cut wire copy from the bottom and excerpts are the opening, while
the second story of a round-up starts elsewhere) and the datelines do not disagree.
A shorter text of MIN_OPENING to MIN_CONTAINED shingles (a one-sentence teaser) is too
small for containment alone and too small to agree with a whole lead by Jaccard (its lead
is the whole of it, under half of the other's): it is contained when it IS the other's
opening, i.e. its lead lies inside the other's lead, besides the containment above.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .signatures import EMPTY, LEAD_SHINGLES

__all__ = ["ANCHOR_RATIO", "LEAD_AGREEMENT", "MIN_CONTAINED", "MIN_LENGTH_RATIO",
           "MIN_OPENING", "NARRATIVE_RATIO", "Rules", "Verdicts"]

# Founder floor as a share of the threshold (anti-chaining, clustering.py).
ANCHOR_RATIO = 0.5
# Smaller / larger distinct-shingle count below which a text held in the other is no copy.
MIN_LENGTH_RATIO = 0.6
# Distinct shingles a text needs before containment can tell an excerpt from chance.
MIN_CONTAINED = 20
# Share of equal lead values (16) that says two texts open alike.
LEAD_AGREEMENT = 0.4
# Distinct shingles (eight words) a teaser needs before being the opening of a story counts.
MIN_OPENING = 6
# The narrative part of two texts must agree at this share of the threshold.
NARRATIVE_RATIO = 1.0
# Below this many slots whose union minimum is narrative, a pair is (nearly) all quotation
# and the narrative estimate means nothing: the plain Jaccard decides.
MIN_NARRATIVE_SLOTS = 24


@dataclass(frozen=True)
class Verdicts:
    """The rules' outcome for pairs (a[i], b[i])."""

    copy: np.ndarray  # bool: b is a copy of a (Jaccard)
    similarity: np.ndarray  # estimated Jaccard
    inside: np.ndarray  # bool: one lies inside the other
    containment: np.ndarray  # estimated share of the shorter found in the longer
    a_is_part: np.ndarray  # bool: a is the shorter of the two


class Rules:
    """The rules over the rows of an index (clustering.Batch-like arrays), for pairs of
    row numbers given as two equal-length arrays."""

    def __init__(self, rows, threshold: float, containment: float) -> None:
        self.rows, self.threshold, self.containment = rows, threshold, containment

    def verdicts(self, a: np.ndarray, b: np.ndarray, floor: float | None = None,
                 sized: bool = True) -> Verdicts:
        """Copy (at `floor`, default the threshold; `sized=False` drops the length rule,
        for founder anchoring) and containment verdicts of each pair."""
        floor = self.threshold if floor is None else floor
        values, size = self.rows.values, self.rows.shingles
        sims = np.count_nonzero(values[a] == values[b], axis=1) / values.shape[1]
        places = self.same_place(a, b)
        small, large = np.minimum(size[a], size[b]), np.maximum(size[a], size[b])
        a_is_part = size[a] <= size[b]
        part, whole = np.where(a_is_part, a, b), np.where(a_is_part, b, a)
        copy = (sims >= floor) & places
        lopsided = copy & (small < MIN_LENGTH_RATIO * np.maximum(large, 1))
        scores = np.zeros(a.size)
        inside = (small >= MIN_CONTAINED) & places & self.opens_alike(a, b)
        brief = (small >= MIN_OPENING) & (small < MIN_CONTAINED) & places
        if brief.any():
            inside[brief] = self.is_opening(part[brief], whole[brief])
        held = inside | lopsided
        if held.any():
            scores[held] = containment_of(values[part[held]], size[part[held]],
                                          values[whole[held]], size[whole[held]])
        if sized:  # a text held inside a far longer one is judged by containment alone
            copy &= ~(lopsided & (scores >= self.containment))
        if copy.any():
            copy[copy] = self.narrative_agreement(a[copy], b[copy]) >= NARRATIVE_RATIO * floor
        inside &= scores >= self.containment
        return Verdicts(copy, sims, inside, scores, a_is_part)

    def same_place(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        place = self.rows.place
        return (place[a] == 0) | (place[b] == 0) | (place[a] == place[b])

    def opens_alike(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        lead = self.rows.lead
        agree = np.count_nonzero(lead[a] == lead[b], axis=1) / lead.shape[1]
        return (agree >= LEAD_AGREEMENT) & (lead[a, 0] != EMPTY)

    def is_opening(self, part: np.ndarray, whole: np.ndarray) -> np.ndarray:
        """The short text's lead (all of it) lies inside the longer text's lead."""
        lead, size = self.rows.lead, self.rows.shingles
        held = containment_of(lead[part], np.minimum(size[part], LEAD_SHINGLES), lead[whole],
                              np.minimum(size[whole], LEAD_SHINGLES))
        return (held >= self.containment) & (lead[part, 0] != EMPTY)

    def narrative_agreement(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Estimated Jaccard of the texts' narrative parts (outside quotations).

        MinHash slot p holds the minimum of the union; its quoted bit says whether that
        shingle lies inside a quotation. So among the slots whose union minimum is
        narrative, the equal ones estimate |A_n & B_n| / |A_n | B_n|. A pair with too few
        narrative slots is all quotation on one side: its plain Jaccard stands.
        """
        rows, perm = self.rows, self.rows.values.shape[1]
        qa = np.unpackbits(rows.quoted[a], axis=1, count=perm).astype(bool)
        qb = np.unpackbits(rows.quoted[b], axis=1, count=perm).astype(bool)
        va, vb = rows.values[a], rows.values[b]
        # An equal minimum is one shingle seen by both: quoted only where BOTH quote it (an
        # edit that cut a quotation's opening sentence leaves its rest as narrative in that
        # copy). Taking either side's bit made the verdict depend on which came first.
        union_quoted = np.where(va < vb, qa, np.where(vb < va, qb, qa | qb))
        narrative = np.count_nonzero(~union_quoted, axis=1)
        equal = va == vb
        agree = np.count_nonzero(equal & ~union_quoted, axis=1)
        plain = np.count_nonzero(equal, axis=1) / perm
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

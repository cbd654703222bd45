"""Clustering scores against labels: pairwise P/R/F1, B-cubed P/R/F1, adjusted Rand index.

All take `labels` and `found` (one cluster name per item) and `keep` (the item indices
scored); pairs are only counted inside `keep`. Counting is by group sizes, never by
enumerating pairs, so a big cluster costs nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

__all__ = ["adjusted_rand", "bcubed", "pairwise", "prf"]


def prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _tables(labels: Sequence, found: Sequence, keep: Sequence[int]):
    both = Counter((labels[i], found[i]) for i in keep)
    by_label = Counter(labels[i] for i in keep)
    by_found = Counter(found[i] for i in keep)
    return both, by_label, by_found


def pairwise(labels, found, keep) -> tuple[float, float, float]:
    """Precision/recall/F1 over item pairs: a pair is positive when both share a cluster."""
    both, by_label, by_found = _tables(labels, found, keep)
    tp = sum(_pairs(n) for n in both.values())
    got = sum(_pairs(n) for n in by_found.values())
    truth = sum(_pairs(n) for n in by_label.values())
    return prf(tp / got if got else 1.0, tp / truth if truth else 1.0)


def bcubed(labels, found, keep) -> tuple[float, float, float]:
    """Per-item precision/recall of its cluster against its label, averaged over items."""
    both, by_label, by_found = _tables(labels, found, keep)
    if not keep:
        return prf(1.0, 1.0)
    p = sum(n * n / by_found[f] for (_, f), n in both.items()) / len(keep)
    r = sum(n * n / by_label[lab] for (lab, _), n in both.items()) / len(keep)
    return prf(p, r)


def adjusted_rand(labels, found, keep) -> float:
    """Hubert and Arabie's adjusted Rand index (1.0 identical, ~0 for chance)."""
    both, by_label, by_found = _tables(labels, found, keep)
    total = _pairs(len(keep))
    if total == 0:
        return 1.0
    index = sum(_pairs(n) for n in both.values())
    a = sum(_pairs(n) for n in by_label.values())
    b = sum(_pairs(n) for n in by_found.values())
    expected = a * b / total
    best = (a + b) / 2
    return 1.0 if best == expected else (index - expected) / (best - expected)

"""Banded LSH over signature matrices: datasketch's `MinHashLSH`, in bulk and in arrays.

`MinHashLSH` keeps a Python dict entry per band per document (~3.3 GB for a million
documents, shared measurements) and answers one query at a time. The banding here is the
same (datasketch's own `_optimal_param` chooses bands and rows for the threshold, and a band
is a run of `rows` hash values, so the candidates are the same up to 64-bit key collisions;
a test compares them), but a band is kept as one uint64 key per document in a numpy array,
and candidates for a whole batch come from one sort per band.

Order is kept: a document only gets candidates that come BEFORE it in row order, exactly
what inserting the documents one by one and querying each before its insert would give.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch.lsh import _optimal_param

__all__ = ["BUCKET_CAP", "band_keys", "band_params", "candidate_pairs"]

# Keep at most this many earlier rows of one bucket as candidates of a row. A bucket only
# grows large for one story copied very many times; its most recent members are as good
# candidates as its oldest, and the cap keeps a flood of copies from going quadratic.
BUCKET_CAP = 32
_MIX = np.uint64(0x9E3779B97F4A7C15)
_ROTATE = np.uint64(29)


@lru_cache(maxsize=64)
def band_params(threshold: float, num_perm: int, weights=(0.1, 0.9)) -> tuple[int, int]:
    """(bands, rows) minimizing datasketch's weighted false positive/negative area (cached:
    datasketch integrates numerically, ~0.07 s a call)."""
    return _optimal_param(threshold, num_perm, *weights)


def band_keys(values: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One uint64 key per (document, band): a mix of the band's `rows` hash values."""
    values = np.atleast_2d(values)
    keys = np.zeros((values.shape[0], bands), dtype=np.uint64)
    for r in range(rows):
        # Value r of every band, widened one column set at a time: widening the whole
        # matrix would cost 1 GB at a million documents.
        keys ^= values[:, r:bands * rows:rows]
        keys *= _MIX
        keys ^= keys >> _ROTATE
    return keys


def candidate_pairs(keys: np.ndarray, first: int, cap: int = BUCKET_CAP
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Earlier rows sharing a band key with each row >= `first`, as CSR (ptr, rows).

    `ptr` has one entry per row from `first` on, plus one: the candidates of row
    `first + i` are `rows[ptr[i]:ptr[i + 1]]`, ascending.
    """
    total, n_new = keys.shape[0], keys.shape[0] - first
    found = [_band_pairs(keys[:, band], first, cap) for band in range(keys.shape[1])]
    codes = np.unique(np.concatenate([c for c in found] or [np.empty(0, np.int64)]))
    query, cand = np.divmod(codes, total)
    ptr = np.searchsorted(query, np.arange(first, total + 1))
    assert ptr.size == n_new + 1
    return ptr, cand


def _band_pairs(column: np.ndarray, first: int, cap: int) -> np.ndarray:
    """Pairs (row, earlier row in its bucket) of one band, encoded row * n + earlier."""
    order = np.argsort(column, kind="stable")  # by key, then by row: earlier first
    ordered = column[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.concatenate((starts, [ordered.size])))
    position = np.arange(ordered.size) - np.repeat(starts, sizes)
    pick = np.flatnonzero((position > 0) & (order >= first))
    if pick.size == 0:
        return np.empty(0, np.int64)
    count = np.minimum(position[pick], cap)
    step = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count) + 1
    query = np.repeat(order[pick], count).astype(np.int64)
    earlier = order[np.repeat(pick, count) - step].astype(np.int64)
    return query * column.size + earlier

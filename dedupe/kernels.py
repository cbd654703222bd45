"""numba kernels of the compiled signer; imported by compiled.py on first use only.

Importing numba costs ~0.2 s and ~100 MB of resident memory (mostly llvmlite, shared
between processes), so this module is kept out of `import dedupe`: code that never signs
(the web UI, a bench's parent process) does not pay for it. `cache=True` keeps the
machine code in `__pycache__` beside this file, so a process loads it in ~0.1 s instead
of compiling for ~1 s.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["sign_all"]

_SPACE = 32
_EMPTY = 0xFFFFFFFF
_MASK32 = 0xFFFFFFFF
# nogil: a caller may sign batches in threads; no bounds checks in the hot loops (every
# index is bounded by the scratch sizes computed in sign_all).
_jit = njit(cache=True, nogil=True, boundscheck=False)


@_jit
def sign_all(data, offsets, k, table, powers, inverse, a, b, lead_a, lead_b, lead_n, values,
             lead, words):
    """Fill values, lead and words for every document of the batch.

    powers, inverse: B^i and B^-i (mod 2^64) for i up to the longest body at least.
    """
    longest = 0
    for d in range(offsets.size - 1):
        longest = max(longest, offsets[d + 1] - offsets[d])
    # Scratch sized once per batch for the longest body: folding never lengthens it.
    sums = np.empty(longest + 1, dtype=np.uint64)
    spaces = np.empty(longest + 1, dtype=np.int64)
    mixed = np.empty(longest + 1, dtype=np.uint32)
    for d in range(offsets.size - 1):
        size, gaps = _fold(data, offsets[d], offsets[d + 1], table, inverse, sums, spaces)
        words[d] = gaps + 1 if size else 0
        shingles = _mixed_shingles(sums, powers, spaces, size, gaps, k, mixed)
        _minima(mixed, shingles, a, b, values[d])
        _minima(mixed, min(shingles, lead_n), lead_a, lead_b, lead[d])


@_jit
def _fold(data, lo, hi, table, inverse, sums, spaces):
    """Fold data[lo:hi] into one-spaced text without storing it; returns (size, gaps).

    For the folded bytes c_0..c_{size-1}: sums[m] = sum_{j<m} c_j * B^-j, so the hash of
    bytes [lo, hi) is B^(hi-1) * (sums[hi] - sums[lo]); spaces[:gaps] are the positions of
    the spaces between words. The loop has no data-dependent branch (a byte that is not
    written advances nothing) because word boundaries are unpredictable, and nothing
    carried from one byte to the next but sums and counters (apostrophes were deleted
    before, so "is the previous byte a space" needs no state): ~2x faster than a loop that
    branches at word boundaries. Unsigned counters spare numba's negative-index checks.
    """
    one = np.uint64(1)
    total = np.uint64(0)
    sums[0] = total
    size = np.uint64(0)
    gaps = np.uint64(0)
    previous = one  # leading spaces are dropped like repeated ones
    for i in range(lo, hi):
        c = np.uint64(table[data[i]])
        space = np.uint64(c == np.uint64(_SPACE))
        write = one - (space & previous)
        total += c * write * inverse[size]
        sums[size + one] = total
        spaces[gaps] = size
        gaps += space & write
        previous = space
        size += write
    if previous and size:  # a trailing space is not part of the text
        size -= one
        gaps -= one
    return np.int64(size), np.int64(gaps)


@_jit
def _mixed_shingles(sums, powers, spaces, size, gaps, k, mixed):
    """mixed[i] = fmix32 of the folded hash of shingle i; returns the shingle count.

    Word w spans [spaces[w-1] + 1, spaces[w]) (the text's ends for the first and last);
    fewer than k words make one shingle, the whole text, as in shingles.py.
    """
    if size == 0:
        return 0
    count = gaps - k + 2 if gaps + 1 >= k else 1
    for i in range(count):
        lo = spaces[i - 1] + 1 if i else 0
        last = i + k - 1
        hi = spaces[last] if last < gaps else size
        h = powers[hi - 1] * (sums[hi] - sums[lo])
        mixed[i] = _fmix32((h ^ (h >> np.uint64(32))) & np.uint64(_MASK32))
    return count


@_jit
def _fmix32(h):
    """MurmurHash3's finalizer on a 32-bit value held in a uint64 (datasketch's pre-mix)."""
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(_MASK32)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(_MASK32)
    return np.uint32(h ^ (h >> np.uint64(16)))


@_jit
def _minima(mixed, count, a, b, out):
    """out[p] = min over the first `count` values x of (a[p] * x + b[p]) mod 2^32.

    One permutation at a time with the shingles innermost: a min-reduction over a
    contiguous uint32 array, which LLVM vectorizes with the minimum kept in registers
    (2.4x faster than looping over permutations innermost). EMPTY when count is 0.
    """
    for p in range(out.size):
        ap = a[p]
        bp = b[p]
        low = np.uint32(_EMPTY)
        for j in range(count):
            low = min(low, np.uint32(ap * mixed[j] + bp))
        out[p] = low

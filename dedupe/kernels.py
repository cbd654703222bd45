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
def sign_all(data, segments, first_segment, segment_quoted, lead_segment, ks, table, powers,
             inverse, a, b, lead_a, lead_b, lead_n, values, lead, words, distinct, quoted):
    """Fill values, lead, words, distinct (shingle count) and quoted (per permutation: the
    minimum came from a quotation's shingle) for every document of the batch.

    Document d is segments first_segment[d] .. first_segment[d + 1] - 1; segment s is the
    bytes data[segments[s]:segments[s + 1]], inside a quotation when segment_quoted[s]
    (shingles never span a segment boundary); the lead is the MinHash of the first lead_n
    shingles from segment lead_segment[d] on. ks: each document's shingle size (words, or
    characters for scripts without spaces); powers, inverse: B^i and B^-i (mod 2^64) for i
    up to the longest segment at least.
    """
    longest = 0
    for s in range(segments.size - 1):
        longest = max(longest, segments[s + 1] - segments[s])
    widest = 0
    for d in range(first_segment.size - 1):
        widest = max(widest, segments[first_segment[d + 1]] - segments[first_segment[d]])
    # Scratch sized once per batch: folding never lengthens a segment, and a document has
    # at most one shingle per byte.
    sums = np.empty(longest + 1, dtype=np.uint64)
    spaces = np.empty(longest + 1, dtype=np.int64)
    mixed = np.empty(widest + 1, dtype=np.uint32)
    narrative = np.empty(widest + 1, dtype=np.uint32)
    quotes = np.empty(widest + 1, dtype=np.uint32)
    bits = 1
    while (1 << bits) < 2 * (widest + 1):
        bits += 1
    seen = np.zeros(1 << bits, dtype=np.uint32)
    low_n = np.empty(a.size, dtype=np.uint32)
    low_q = np.empty(a.size, dtype=np.uint32)
    for d in range(first_segment.size - 1):
        count = 0
        n_narrative = 0
        n_quoted = 0
        total_words = 0
        lead_at = 0
        for s in range(first_segment[d], first_segment[d + 1]):
            if s == lead_segment[d]:
                lead_at = count
            size, gaps = _fold(data, segments[s], segments[s + 1], table, inverse, sums, spaces)
            if size == 0:
                continue
            total_words += gaps + 1
            made = _shingles(sums, powers, spaces, size, gaps, ks[d], mixed, count)
            if segment_quoted[s]:
                if n_quoted == 0:  # the first quotation: the narrative so far moves out
                    narrative[:count] = mixed[:count]
                quotes[n_quoted:n_quoted + made] = mixed[count:count + made]
                n_quoted += made
            else:
                if n_quoted:  # without quotations, the narrative is mixed[:count] itself
                    narrative[n_narrative:n_narrative + made] = mixed[count:count + made]
                n_narrative += made
            count += made
        words[d] = total_words
        distinct[d] = _distinct(mixed, count, seen)
        if n_quoted == 0:
            _minima(mixed, count, a, b, values[d])
            quoted[d, :] = False
        else:
            _minima(narrative, n_narrative, a, b, low_n)
            _minima(quotes, n_quoted, a, b, low_q)
            for p in range(a.size):
                from_quote = low_q[p] < low_n[p]
                values[d, p] = low_q[p] if from_quote else low_n[p]
                quoted[d, p] = from_quote
        _minima(mixed[lead_at:], min(count - lead_at, lead_n), lead_a, lead_b, lead[d])


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
def _shingles(sums, powers, spaces, size, gaps, k, mixed, at):
    """mixed[at + i] = fmix32 of the folded hash of shingle i; returns the shingle count.

    Word w spans [spaces[w-1] + 1, spaces[w]) (the text's ends for the first and last);
    fewer than k words make one shingle, the whole text, as in shingles.py.
    """
    count = gaps - k + 2 if gaps + 1 >= k else 1
    for i in range(count):
        lo = spaces[i - 1] + 1 if i else 0
        last = i + k - 1
        hi = spaces[last] if last < gaps else size
        h = powers[hi - 1] * (sums[hi] - sums[lo])
        mixed[at + i] = _fmix32((h ^ (h >> np.uint64(32))) & np.uint64(_MASK32))
    return count


@_jit
def _distinct(mixed, count, seen):
    """How many distinct values mixed[:count] holds: an open-addressing set in the first
    2*count..4*count slots of `seen` (all zero on entry, cleared again on return; the
    value 0 is counted apart because it marks an empty slot)."""
    bits = 1
    while (1 << bits) < 2 * count:
        bits += 1
    mask = (1 << bits) - 1
    shift = np.uint64(32 - bits)
    found = 0
    zero = 0
    for i in range(count):
        v = mixed[i]
        if v == 0:
            zero = 1
            continue
        slot = np.int64(np.uint64(v) >> shift)  # fmix32 output: its top bits are uniform
        while True:
            here = seen[slot]
            if here == 0:
                seen[slot] = v
                found += 1
                break
            if here == v:
                break
            slot = (slot + 1) & mask
    seen[:mask + 1] = 0
    return found + zero


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

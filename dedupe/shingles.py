"""Word k-shingles of normalized text, hashed in one vectorized pass over its UTF-8 bytes.

Building a Python string per shingle caps MinHash at ~4k docs/s (shared measurements);
here each shingle's hash is read off prefix sums of a polynomial hash instead, so the only
per-document Python work is a handful of numpy calls whatever the length.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["SHINGLE_HASH_VERSION", "base_powers", "shingle_hashes"]

# Part of DedupeConfig.signature_key: bump when the hashing below changes.
SHINGLE_HASH_VERSION = "poly64-1"

_U64 = 1 << 64
# Odd, so invertible modulo 2^64 (needed to turn prefix sums into substring hashes).
_BASE = 0x9E3779B97F4A7C15
_BASE_INV = pow(_BASE, -1, _U64)
_SPACE = ord(" ")


def shingle_hashes(normalized: str, k: int) -> np.ndarray:
    """uint64 hash of every run of k consecutive words of one-spaced text.

    A text shorter than k words is one shingle, so short briefs still get a signature.

    >>> len(shingle_hashes("a b c d e f", 5))
    2
    """
    data = np.frombuffer(normalized.encode("utf-8"), dtype=np.uint8)
    if data.size == 0:
        return np.empty(0, dtype=np.uint64)
    spaces = np.flatnonzero(data == _SPACE)
    starts = np.concatenate(([0], spaces + 1))
    ends = np.concatenate((spaces, [data.size]))
    if starts.size < k:
        starts, ends = starts[:1], ends[-1:]
    else:
        starts, ends = starts[: starts.size - k + 1], ends[k - 1:]
    return _span_hashes(data, starts, ends)


def _span_hashes(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Polynomial hash (mod 2^64) of each byte span [start, end), all spans at once.

    With prefix[i] = sum_{j<i} byte_j * B^(i-1-j), a span's hash is
    prefix[end] - prefix[start] * B^(end-start). prefix itself comes from one cumsum of
    byte_j * B^-j, scaled back by B^(i-1). uint64 array arithmetic wraps, which is the
    modulo 2^64 we want.
    """
    n = data.size
    powers, inv_powers = base_powers(n)  # B^i and B^-i, i = 0..
    scaled = np.cumsum(data.astype(np.uint64) * inv_powers[:n], dtype=np.uint64)
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    prefix[1:] = scaled * powers[:n]
    return prefix[ends] - prefix[starts] * powers[ends - starts]


def base_powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """At least B^0..B^n and B^0..B^-(n-1) mod 2^64, read-only (compiled.py uses them too:
    passed in, not baked into cached machine code, so a new BASE cannot go stale there)."""
    return _powers(max(64, 1 << n.bit_length()))


@lru_cache(maxsize=32)
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """B^0..B^n and B^0..B^-(n-1) mod 2^64, cached by size (rounded up to a power of two)
    because every document needs them and they depend on nothing else."""
    powers = np.cumprod(np.full(n + 1, _BASE, dtype=np.uint64))
    powers = np.concatenate(([np.uint64(1)], powers[:-1]))
    inv = np.cumprod(np.full(n, _BASE_INV, dtype=np.uint64))
    inv = np.concatenate(([np.uint64(1)], inv[:-1]))
    powers.setflags(write=False)
    inv.setflags(write=False)
    return powers, inv

"""MinHash signatures: datasketch's "affine64" scheme, computed in bulk with numpy.

The values are exactly what `datasketch.MinHash(num_perm, seed, scheme="affine64")` would
hold after `update_batch` of the same shingle hashes (a test checks it), so they feed
`MinHashLSH` and `LeanMinHash` unchanged, while no Python call is made per shingle.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash

from .config import MINHASH_SCHEME, DedupeConfig
from .normalize import normalize_text
from .shingles import shingle_hashes

_EMPTY = np.uint64((1 << 64) - 1)  # datasketch's "no shingle seen" value for affine64
# Rows of the shingles x permutations matrix per step: bounds memory on very long texts
# (1024 x 128 x 8 bytes = 1 MiB) without slowing ordinary ones.
_CHUNK = 1024
# MurmurHash3 fmix64 constants: datasketch pre-mixes every input hash with them.
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's own (a, b) permutation parameters; cached because they only depend on args."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=MINHASH_SCHEME).permutations
    a, b = np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def minhash_values(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """Min over shingles of a * fmix64(h) + b (mod 2^64), per permutation."""
    a, b = permutations(num_perm, seed)
    values = np.full(num_perm, _EMPTY, dtype=np.uint64)
    mixed = _fmix64(np.asarray(hashes, dtype=np.uint64))
    # One reused buffer with out=: temporaries of this size cost ~7x the arithmetic.
    buffer = np.empty((min(_CHUNK, mixed.size), num_perm), dtype=np.uint64)
    for start in range(0, mixed.size, _CHUNK):
        rows = mixed[start:start + _CHUNK]
        block = buffer[:rows.size]
        np.multiply(rows[:, None], a, out=block)
        np.add(block, b, out=block)
        np.minimum(values, block.min(axis=0), out=values)
    return values


def signature_of(text: str, config: DedupeConfig) -> np.ndarray:
    """MinHash signature (uint64, config.num_perm values) of an article's text.

    >>> signature_of("LONDON (Wire) — Rates rose again today.", DedupeConfig()).shape
    (128,)
    """
    hashes = shingle_hashes(normalize_text(text), config.shingle_size)
    return minhash_values(hashes, config.num_perm, config.seed)


def is_empty(signature: np.ndarray) -> bool:
    """True for the signature of a text with no words (it would match every other one)."""
    return bool(np.all(signature == _EMPTY))


def similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal hash values."""
    return float(np.count_nonzero(left == right)) / float(left.size)


def to_bytes(signature: np.ndarray) -> bytes:
    """Little-endian uint64 bytes, the signatures table's format."""
    return np.asarray(signature, dtype="<u8").tobytes()


def from_bytes(data: bytes, num_perm: int | None = None) -> np.ndarray:
    """The inverse of `to_bytes`; checks the length when num_perm is given."""
    if len(data) % 8 or (num_perm is not None and len(data) != 8 * num_perm):
        raise ValueError(f"stored signature has {len(data)} bytes, "
                         f"expected {8 * num_perm if num_perm else 'a multiple of 8'}")
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def to_lean(signature: np.ndarray, config: DedupeConfig) -> LeanMinHash:
    """A datasketch LeanMinHash over these values, for MinHashLSH."""
    return LeanMinHash(seed=config.seed, hashvalues=signature, scheme=MINHASH_SCHEME)


def _fmix64(h: np.ndarray) -> np.ndarray:
    shift, m1, m2 = _FMIX
    h = h ^ (h >> shift)
    h = h * m1
    h = h ^ (h >> shift)
    h = h * m2
    return h ^ (h >> shift)

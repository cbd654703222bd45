"""The compiled signer: fold, shingle and MinHash a batch in one pass over UTF-8 bytes.

The numpy path (normalize._fold -> shingles.shingle_hashes -> signatures.minhash_batch)
spends most of its time building per-document arrays and per-word bytes objects; here
each document's frame-free body is read byte by byte once by numba code (kernels.py),
with the same arithmetic, so the results are bit-identical (tests compare the two paths):

- folding: `prefold` for non-ASCII text, `FOLD_DELETE` bytes dropped (a C-speed
  `bytes.translate`, only when present), then `BYTE_FOLD` byte by byte with runs of
  spaces collapsed;
- shingle hashes: the same polynomial hash mod 2^64 (prefix sums of inverse powers, as
  in shingles.py);
- MinHash: datasketch's affine32 on the fmix32 of the folded 64-bit hash, taken apart
  over narrative and quoted shingles (each quotation is a segment of its own) and combined;
- the distinct shingle count, with an open-addressing set.

A whole batch is one call, so numba's dispatch cost is paid once per batch. Without
numba, `available()` is False and signatures.py uses the numpy path.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .normalize import BYTE_FOLD, FOLD_DELETE, prefold, segments
from .shingles import base_powers

__all__ = ["available", "sign_bodies"]

_TABLE = np.frombuffer(BYTE_FOLD, dtype=np.uint8)
_DELETE = [bytes([byte]) for byte in FOLD_DELETE]


@lru_cache(maxsize=1)
def available() -> bool:
    """True when numba imports (kernels.py is loaded here, on the first call, not before)."""
    try:
        importlib.import_module(".kernels", __package__)
    except ImportError:  # numba is a dependency, but signing must not need it
        return False
    return True


def sign_bodies(bodies: Sequence[str], sizes: np.ndarray, perms: tuple[np.ndarray, np.ndarray],
                lead_perms: tuple[np.ndarray, np.ndarray], lead_shingles: int,
                nospace: Sequence[bool] | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(values, lead, words, shingles, quoted) of unframed bodies (`normalize.unframe`),
    as the numpy path computes them; quoted is (n, num_perm) bool.

    `sizes` is each body's shingle size; `perms` and `lead_perms` are datasketch's (a, b)
    uint32 arrays; the lead signature is the MinHash of the first `lead_shingles` shingles
    under `lead_perms`; `nospace` says which bodies hold scripts without spaces (None: look).
    """
    if not available():
        raise RuntimeError("the compiled signer needs numba; use the numpy path")
    from . import kernels  # loaded by available(); imported here so dedupe need not be

    flags = nospace if nospace is not None else [None] * len(bodies)
    split = [segments(prefold(body, flag)) for body, flag in zip(bodies, flags)]
    pieces = [p for p, _ in split]
    encoded = [_undeleted(text.encode("utf-8")) for doc in pieces for text, _ in doc]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)),
              out=offsets[1:])
    first = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)), out=first[1:])
    inside = np.fromiter((q for doc in pieces for _, q in doc), dtype=np.bool_,
                         count=len(encoded))
    lead_from = first[:-1] + np.fromiter((at for _, at in split), dtype=np.int64, count=len(split))
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    n = len(pieces)
    values = np.empty((n, perms[0].size), dtype=np.uint32)
    lead = np.empty((n, lead_perms[0].size), dtype=np.uint32)
    words = np.empty(n, dtype=np.int32)
    shingles = np.empty(n, dtype=np.int32)
    quoted = np.empty((n, perms[0].size), dtype=np.bool_)
    powers, inverse = base_powers(int(np.diff(offsets).max(initial=0)))
    kernels.sign_all(data, offsets, first, inside, lead_from,
                     np.ascontiguousarray(sizes, dtype=np.int64),
                     _TABLE, powers, inverse, perms[0], perms[1], lead_perms[0], lead_perms[1],
                     lead_shingles, values, lead, words, shingles, quoted)
    return values, lead, words, shingles, quoted


def _undeleted(data: bytes) -> bytes:
    """The bytes without FOLD_DELETE ones (apostrophes), so that the compiled fold need not
    track them; a C scan first, since most texts have none."""
    if any(byte in data for byte in _DELETE):
        return data.translate(None, FOLD_DELETE)
    return data

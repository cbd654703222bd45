"""MinHash signatures: datasketch's "affine32" scheme, computed in bulk with numpy.

`sign_texts` takes the compiled path (compiled.py, numba: ~3x faster, bit-identical) when
numba imports; the numpy functions below are the reference it is tested against and the
fallback without numba.

The values are exactly what `datasketch.MinHash(num_perm, seed, scheme="affine32",
hashfunc=identity)` holds after `update_batch` of the same 32-bit shingle hashes (a test
checks it), so they feed `MinHashLSH` and `LeanMinHash` unchanged, while no Python call is
made per shingle. A batch of documents is signed in blocks of a few thousand shingle rows
with one multiply, add and `minimum.reduceat` per block, so the per-document Python cost is
a few list appends.

Why 32 bits: numpy multiplies uint32 lanes natively (8 per AVX2 instruction) but emulates
uint64 products, so affine32 is ~2.7x faster here and halves the memory of an index of a
million signatures; a false equal value has probability 2^-32 per slot, far below the
estimator's own noise (1/sqrt(128)).

Besides the full signature, each text gets a short LEAD signature: the MinHash of its first
`LEAD_SHINGLES` shingles under the first `LEAD_PERM` permutations. A teaser (the opening
paragraphs of a story) has nearly the same lead as the full story although their Jaccard is
tiny, so leads find the candidates that containment then verifies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash

from . import compiled
from .config import LEAD_PERM, LEAD_SHINGLES, MINHASH_SCHEME, DedupeConfig
from .normalize import Unframed, fold, prefold, segments, unframe
from .shingles import shingle_hashes

__all__ = ["EMPTY", "LEAD_PERM", "LEAD_SHINGLES", "Signed", "cardinality", "containment",
           "from_bytes", "is_empty", "minhash_batch", "minhash_values", "permutations",
           "shingle_values", "sign_texts", "signature_of", "similarity", "to_bytes", "to_lean"]

DTYPE = np.uint32
EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's "no shingle seen" value for affine32
# Shingles per numpy block: 128 x 8192 x 4 bytes = 4 MiB, big enough that numpy's per-call
# overhead is spread over ~14 documents, small enough to stay near the cache.
_BLOCK = 8192
# MurmurHash3 fmix32 constants: datasketch pre-mixes every input hash with them.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


@dataclass(frozen=True)
class Signed:
    """Signatures of a batch of texts, row i for text i."""

    values: np.ndarray  # (n, num_perm) uint32
    lead: np.ndarray  # (n, LEAD_PERM) uint32
    teaser: np.ndarray  # (n,) bool: the text ended with a "read the full story" pointer
    words: np.ndarray  # (n,) int32: tokens of the normalized text
    credits: tuple[str | None, ...]  # the wire credited in each text's frame, if any
    # (n,) int32: distinct shingles, the size the length guards compare
    shingles: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    # (n, ceil(num_perm / 8)) uint8, bits packed: value p came from a quoted shingle
    quoted: np.ndarray = field(default_factory=lambda: np.empty((0, 0), np.uint8))
    places: tuple[str | None, ...] = ()  # each text's dateline place, if any


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's own (a, b) permutation parameters; cached because they only depend on args."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=MINHASH_SCHEME).permutations
    a, b = np.array(a, dtype=DTYPE), np.array(b, dtype=DTYPE)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def input_hashes(shingles: np.ndarray) -> np.ndarray:
    """The 32-bit values fed to the permutations: the 64-bit shingle hash folded, then
    datasketch's fmix32 pre-mix (so this equals `update_batch` with an identity hashfunc)."""
    folded = (shingles ^ (shingles >> np.uint64(32))).astype(DTYPE)
    return _fmix32(folded)


def minhash_values(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """Min over shingles of a * fmix32(h) + b (mod 2^32), per permutation."""
    return minhash_batch([hashes], num_perm, seed)[0]


def minhash_batch(hash_lists: Sequence[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """`minhash_values` of many documents at once: (len(hash_lists), num_perm) uint32."""
    a, b = permutations(num_perm, seed)
    out = np.full((len(hash_lists), num_perm), EMPTY, dtype=DTYPE)
    sizes = np.fromiter((h.size for h in hash_lists), dtype=np.int64, count=len(hash_lists))
    docs = np.flatnonzero(sizes)  # a text without shingles keeps the empty signature
    # Permutations x shingles, so that the broadcast multiply runs along contiguous rows and
    # the per-document minimum is a reduceat along them (10x faster than along columns).
    buffer = np.empty((num_perm, _BLOCK), dtype=DTYPE)
    b_tiled = np.repeat(b[:, None], _BLOCK, axis=1)
    ends = np.cumsum(sizes[docs])
    start = 0
    while start < docs.size:
        # Take whole documents while they fit one block (always at least one document).
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + _BLOCK, side="right")))
        group = docs[start:stop]
        mixed = input_hashes(np.concatenate([hash_lists[i] for i in group]))
        out[group] = _block_min(mixed, sizes[group], a, b_tiled, buffer)
        start = stop
    return out


def _block_min(mixed, sizes, a, b_tiled, buffer) -> np.ndarray:
    width = buffer.shape[1]
    if mixed.size > width:  # one long document: reduce it block by block
        parts = [_block_min(mixed[i:i + width], [min(width, mixed.size - i)], a, b_tiled,
                            buffer) for i in range(0, mixed.size, width)]
        return np.minimum.reduce(parts)
    block = buffer[:, :mixed.size]
    np.multiply(a[:, None], mixed, out=block)
    np.add(block, b_tiled[:, :mixed.size], out=block)
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    return np.minimum.reduceat(block, offsets, axis=1).T


def sign_texts(texts: Sequence[str], config: DedupeConfig, jit: bool | None = None) -> Signed:
    """Normalize, shingle and sign a batch of article texts.

    jit: use the numba signer (compiled.py; ~3x faster, same values) or the numpy one;
    None picks numba when it is installed. Tests and benches pass it to compare the two.

    >>> sign_texts(["LONDON (Wire) — Rates rose again today."], DedupeConfig()).values.shape
    (1, 128)
    """
    unframed = [unframe(t) for t in texts]
    if compiled.available() if jit is None else jit:
        values, lead, words, shingles, quoted = compiled.sign_bodies(
            [u.body for u in unframed], _sizes(unframed, config),
            permutations(config.num_perm, config.seed), permutations(LEAD_PERM, config.seed),
            LEAD_SHINGLES, [u.nospace for u in unframed])
    else:
        values, lead, words, shingles, quoted = _sign_numpy(unframed, config)
    return Signed(values, lead, np.array([u.teaser for u in unframed], dtype=bool), words,
                  tuple(u.credit for u in unframed), shingles, np.packbits(quoted, axis=1),
                  tuple(u.place for u in unframed))


def _sizes(unframed: Sequence[Unframed], config: DedupeConfig) -> np.ndarray:
    """Each text's shingle size: characters for scripts without spaces, else words."""
    return np.array([config.char_shingle_size if u.chars else config.shingle_size
                     for u in unframed], dtype=np.int64)


def _sign_numpy(unframed: Sequence[Unframed], config: DedupeConfig):
    """The reference the compiled signer is tested against (and its fallback)."""
    parts = [_shingles_of(u, int(k)) for u, k in zip(unframed, _sizes(unframed, config))]
    hashes, flags = [p[0] for p in parts], [p[1] for p in parts]
    narrative = minhash_batch([h[~f] for h, f in zip(hashes, flags)], config.num_perm, config.seed)
    quotes = minhash_batch([h[f] for h, f in zip(hashes, flags)], config.num_perm, config.seed)
    lead = minhash_batch([h[p[3]:p[3] + LEAD_SHINGLES] for h, p in zip(hashes, parts)],
                         LEAD_PERM, config.seed)
    shingles = np.array([np.unique(input_hashes(h)).size for h in hashes], dtype=np.int32)
    return (np.minimum(narrative, quotes), lead, np.array([p[2] for p in parts], dtype=np.int32),
            shingles, quotes < narrative)


def _shingles_of(u: Unframed, k: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    """(64-bit shingle hashes in text order, per shingle: inside a quotation, word count,
    the shingle the lead starts at)."""
    parts: list = []
    inside: list = []
    words, lead_at = 0, 0
    pieces, lead_piece = segments(prefold(u.body, u.nospace))
    for n, (piece, quote) in enumerate(pieces):
        if n == lead_piece:
            lead_at = sum(p.size for p in parts)
        text = fold(piece, False)
        if text:
            parts.append(shingle_hashes(text, k))
            inside.append(np.full(parts[-1].size, quote))
            words += text.count(" ") + 1
    if not parts:
        return np.empty(0, np.uint64), np.empty(0, bool), 0, 0
    return np.concatenate(parts), np.concatenate(inside), words, lead_at


def shingle_values(text: str, config: DedupeConfig) -> np.ndarray:
    """The 64-bit hashes of the shingles a text's signature is the MinHash of: frame
    removed, quotations shingled apart, by words or (scripts without spaces) characters.
    Their exact Jaccard is what two signatures estimate.

    >>> len(shingle_values("LONDON (AP) — Rates rose again today.", DedupeConfig()))
    2
    """
    u = unframe(text)
    return _shingles_of(u, int(_sizes([u], config)[0]))[0]


def signature_of(text: str, config: DedupeConfig) -> np.ndarray:
    """MinHash signature (uint32, config.num_perm values) of an article's text.

    >>> signature_of("LONDON (Wire) — Rates rose again today.", DedupeConfig()).shape
    (128,)
    """
    return sign_texts([text], config).values[0]


def is_empty(signature: np.ndarray) -> bool:
    """True for the signature of a text with no words (it would match every other one)."""
    return bool(np.all(signature == EMPTY))


def similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal hash values."""
    return float(np.count_nonzero(left == right)) / float(left.size)


def cardinality(signatures: np.ndarray) -> np.ndarray:
    """Estimated distinct shingles per signature row (datasketch's `MinHash.count`)."""
    scaled = np.atleast_2d(signatures).astype(np.float64) / float(EMPTY)
    return signatures.shape[-1] / np.maximum(scaled.sum(axis=-1), 1e-12) - 1.0


def containment(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """Estimated share of `part`'s shingles found in `whole`, for rows of `whole`.

    A slot where part's minimum is smaller than whole's holds a shingle of part that whole
    lacks, with probability |part - whole| / |part U whole|; so the count of such slots
    estimates what part adds, without the sizes' noise that a Jaccard-based estimate drags
    in when part is much smaller than whole.
    """
    whole = np.atleast_2d(whole)
    lacking = np.count_nonzero(part < whole, axis=1) / part.size
    size_whole = cardinality(whole)
    size_part = max(float(cardinality(part)[0]), 1.0)
    extra = lacking * size_whole / np.maximum(1.0 - lacking, 1.0 / part.size)
    return np.clip(1.0 - extra / size_part, 0.0, 1.0)


def to_bytes(signature: np.ndarray) -> bytes:
    """Little-endian uint32 bytes, the signatures table's format."""
    return np.asarray(signature, dtype="<u4").tobytes()


def from_bytes(data: bytes, num_perm: int | None = None) -> np.ndarray:
    """The inverse of `to_bytes`; checks the length when num_perm is given."""
    if len(data) % 4 or (num_perm is not None and len(data) != 4 * num_perm):
        raise ValueError(f"stored signature has {len(data)} bytes, "
                         f"expected {4 * num_perm if num_perm else 'a multiple of 4'}")
    return np.frombuffer(data, dtype="<u4").astype(DTYPE)


def to_lean(signature: np.ndarray, config: DedupeConfig) -> LeanMinHash:
    """A datasketch LeanMinHash over these values, for MinHashLSH."""
    return LeanMinHash(seed=config.seed, hashvalues=signature, scheme=MINHASH_SCHEME)


def _fmix32(h: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2 = _FMIX
    h = h ^ (h >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    return h ^ (h >> s1)

"""The one settings object of the dedupe stage, and the keys that name what it produces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .normalize import NORMALIZATION_VERSION
from .shingles import SHINGLE_HASH_VERSION

# datasketch >= 2.0 permutation scheme. 64-bit values match the signatures table's
# uint64 column and avoid 32-bit saturation; changing it changes every signature.
MINHASH_SCHEME = "affine64"

# Chosen with bench/dedupe_quality.py (syndicated variants of the 181 real articles in
# shared/data; copies' true Jaccard p5/median 0.55/0.79 after normalization):
# copy-pair recall 0.974 at 0.5 against 0.935 at 0.55 and 0.888 at 0.6, while the worst
# hard negative (another story quoting a paragraph) sits at J 0.17, about 7 standard
# errors of a 128-permutation estimate below 0.5. Lower thresholds gain <2% recall and
# eat that margin; the shared measurements (recall 0.83 at precision 1.0) agree.
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class DedupeConfig:
    """How near-duplicates are found; `signature_key` and `key` name what it produces.

    >>> DedupeConfig(threshold=0.6).signature_key == DedupeConfig().signature_key
    True
    """

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = 128
    shingle_size: int = 5
    window_days: int = 30
    seed: int = 1

    def __post_init__(self) -> None:
        # Config errors are the user's: say which field and what is allowed.
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"dedupe threshold must be in (0, 1], got {self.threshold}")
        if not 16 <= self.num_perm <= 1024:
            raise ValueError(f"dedupe num_perm must be in 16..1024, got {self.num_perm}")
        if not 1 <= self.shingle_size <= 20:
            raise ValueError(f"dedupe shingle_size must be in 1..20, got {self.shingle_size}")
        if self.window_days < 0:
            raise ValueError(f"dedupe window_days must be >= 0, got {self.window_days}")
        if self.seed < 0:
            raise ValueError(f"dedupe seed must be >= 0, got {self.seed}")

    @property
    def signature_key(self) -> str:
        """Names stored signatures: only what changes the hash values (not threshold/window)."""
        return _short_hash(f"sig|{MINHASH_SCHEME}|perm={self.num_perm}|k={self.shingle_size}|"
                           f"seed={self.seed}|norm={NORMALIZATION_VERSION}|"
                           f"shingle={SHINGLE_HASH_VERSION}")

    @property
    def key(self) -> str:
        """Names clusters: the signature key plus the threshold that decides membership.

        window_days is left out on purpose: it bounds how far back articles are matched,
        not what a match is, so widening it must not look like a different clustering.
        """
        return _short_hash(f"clu|{self.signature_key}|t={self.threshold:.4f}")


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]

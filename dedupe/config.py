"""The one settings object of the dedupe stage, and the keys that name what it produces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .normalize import NORMALIZATION_VERSION
from .shingles import SHINGLE_HASH_VERSION

__all__ = [
    "DEFAULT_CONTAINMENT", "DEFAULT_SHINGLE_SIZE", "DEFAULT_THRESHOLD", "MINHASH_SCHEME",
    "DedupeConfig",
]

# datasketch >= 2.0 permutation scheme (its default); see signatures.py for why 32 bits.
# Changing it changes every signature (it is part of signature_key).
MINHASH_SCHEME = "affine32"

# Chosen with bench/dedupe_quality.py on the labelled demo syndication corpus (285 docs:
# exact/light/medium/heavy copies, excerpts, briefs, shared-quote stories, round-ups):
# word 3-shingles at 0.4 give pairwise F1 0.996 (P 1.000, R 0.992) on the default draw and
# 0.960-1.000 over 7 draws, precision 1.000 and no hard-negative merge on every draw;
# 5-shingles and 0.5 lose heavy copies first (k=5: F1 0.945-0.990 at 0.4, 0.922-0.977 at
# 0.5); below 0.4 nothing is gained and the margin to shared-quote stories shrinks.
DEFAULT_THRESHOLD = 0.3
DEFAULT_SHINGLE_SIZE = 3
DEFAULT_CHAR_SHINGLE_SIZE = 4
# Share of a teaser's shingles that must be in the full story for the teaser to join it.
DEFAULT_CONTAINMENT = 0.8


@dataclass(frozen=True)
class DedupeConfig:
    """How near-duplicates are found; `signature_key` and `key` name what it produces.

    >>> DedupeConfig(threshold=0.6).signature_key == DedupeConfig().signature_key
    True
    """

    threshold: float = DEFAULT_THRESHOLD
    containment: float = DEFAULT_CONTAINMENT
    num_perm: int = 128
    shingle_size: int = DEFAULT_SHINGLE_SIZE
    # Texts in scripts without spaces (Chinese, Japanese, Thai...) are shingled by characters.
    char_shingle_size: int = DEFAULT_CHAR_SHINGLE_SIZE
    window_days: int = 30
    seed: int = 1

    def __post_init__(self) -> None:
        # Config errors are the user's: say which field and what is allowed.
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"dedupe threshold must be in (0, 1], got {self.threshold}")
        if not 0.0 < self.containment <= 1.0:
            raise ValueError(f"dedupe containment must be in (0, 1], got {self.containment}")
        if not 16 <= self.num_perm <= 1024:
            raise ValueError(f"dedupe num_perm must be in 16..1024, got {self.num_perm}")
        if not 1 <= self.shingle_size <= 20:
            raise ValueError(f"dedupe shingle_size must be in 1..20, got {self.shingle_size}")
        if not 1 <= self.char_shingle_size <= 20:
            raise ValueError("dedupe char_shingle_size must be in 1..20, "
                             f"got {self.char_shingle_size}")
        if self.window_days < 0:
            raise ValueError(f"dedupe window_days must be >= 0, got {self.window_days}")
        if self.seed < 0:
            raise ValueError(f"dedupe seed must be >= 0, got {self.seed}")

    @property
    def signature_key(self) -> str:
        """Names stored signatures: only what changes the hash values (not threshold/window)."""
        return _short_hash(f"sig|{MINHASH_SCHEME}|perm={self.num_perm}|k={self.shingle_size}|"
                           f"kc={self.char_shingle_size}|"
                           f"seed={self.seed}|norm={NORMALIZATION_VERSION}|"
                           f"shingle={SHINGLE_HASH_VERSION}")

    @property
    def key(self) -> str:
        """Names clusters: the signature key plus the threshold that decides membership.

        window_days is left out on purpose: it bounds how far back articles are matched,
        not what a match is, so widening it must not look like a different clustering.
        """
        return _short_hash(f"clu|{self.signature_key}|t={self.threshold:.4f}|"
                           f"c={self.containment:.4f}")


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]

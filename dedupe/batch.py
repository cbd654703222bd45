"""Signed articles as the arrays clustering works on (row i for article ids[i])."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .signatures import LEAD_PERM, Signed

__all__ = ["Batch", "place_codes"]


@dataclass(frozen=True)
class Batch:
    """Signed articles as arrays, row i for article ids[i]. shingles (distinct shingles;
    default: words), quoted (packed bits, default none) and place (dateline place codes,
    0 for none) may be left out by callers that have only the older fields."""

    ids: list[str]
    hashes: np.ndarray  # (n,) uint64: content-hash codes
    values: np.ndarray  # (n, num_perm) uint32
    lead: np.ndarray  # (n, LEAD_PERM) uint32
    teaser: np.ndarray  # (n,) bool
    words: np.ndarray  # (n,) int32
    shingles: np.ndarray | None = None  # (n,) int32
    quoted: np.ndarray | None = None  # (n, ceil(num_perm / 8)) uint8
    place: np.ndarray | None = None  # (n,) uint32

    def __post_init__(self) -> None:
        n, perm = self.values.shape
        if self.shingles is None:
            object.__setattr__(self, "shingles", np.asarray(self.words, dtype=np.int32))
        if self.quoted is None:
            object.__setattr__(self, "quoted", np.zeros((n, (perm + 7) // 8), np.uint8))
        if self.place is None:
            object.__setattr__(self, "place", np.zeros(n, np.uint32))

    @staticmethod
    def of(ids: list[str], hashes: np.ndarray, signed: Signed) -> "Batch":
        """The rows of signed texts (sign_texts' output, row i for ids[i])."""
        return Batch(list(ids), np.asarray(hashes, dtype=np.uint64), signed.values, signed.lead,
                     signed.teaser, signed.words, signed.shingles, signed.quoted,
                     place_codes(signed.places))

    @staticmethod
    def empty(num_perm: int) -> "Batch":
        return Batch([], np.empty(0, np.uint64), np.empty((0, num_perm), np.uint32),
                     np.empty((0, LEAD_PERM), np.uint32), np.empty(0, bool),
                     np.empty(0, np.int32))

    def __len__(self) -> int:
        return len(self.ids)

    def _arrays(self):
        return (self.hashes, self.values, self.lead, self.teaser, self.words, self.shingles,
                self.quoted, self.place)

    def concat(self, other: "Batch") -> "Batch":
        return Batch(self.ids + other.ids, *(np.concatenate(pair) for pair in
                                             zip(self._arrays(), other._arrays())))

    def take(self, rows: np.ndarray) -> "Batch":
        return Batch([self.ids[i] for i in rows], *(a[rows] for a in self._arrays()))


def place_codes(places) -> np.ndarray:
    """A dateline place as a nonzero 32-bit code (0: no dateline), for the dateline guard."""
    return np.array([zlib.crc32(p.encode()) | 1 if p else 0 for p in places], dtype=np.uint32)

"""One signed text as the stage keeps it, and index rows built from many (no storage here).

`SignedText` is what dedupe derives from a text and stores beside its content hash; the
stage turns stored records into it (`from_record`) and back (`record_fields`) and builds
the index rows of a batch or of the window from it (`batch_of`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clustering import Batch, place_codes
from .signatures import LEAD_PERM, Signed, from_bytes, to_bytes

__all__ = ["SignedText", "batch_of", "split_signed"]


@dataclass(frozen=True)
class SignedText:
    values: np.ndarray
    lead: np.ndarray
    teaser: bool
    words: int
    credit: str | None
    shingles: int
    quoted: np.ndarray  # packed bits, ceil(num_perm / 8) bytes
    place: str | None

    @staticmethod
    def from_record(r, num_perm: int) -> "SignedText | None":
        """From a stored record (storage.SignatureRecord); None for a record stored before
        the fields this version needs existed (it is computed again)."""
        if not r.lead or r.shingles is None or r.quoted is None:
            return None
        return SignedText(from_bytes(r.hashvalues, num_perm), from_bytes(r.lead, LEAD_PERM),
                          bool(r.teaser), int(r.words), r.credit, int(r.shingles),
                          np.frombuffer(r.quoted, dtype=np.uint8), r.place)

    def record_fields(self) -> dict:
        """The fields of a storage.SignatureRecord."""
        return {"hashvalues": to_bytes(self.values), "lead": to_bytes(self.lead),
                "teaser": self.teaser, "words": self.words, "credit": self.credit,
                "shingles": self.shingles, "quoted": self.quoted.tobytes(),
                "place": self.place}


def split_signed(signed: Signed) -> list[SignedText]:
    """sign_texts' batch as one SignedText per text, in order."""
    return [SignedText(signed.values[i], signed.lead[i], bool(signed.teaser[i]),
                       int(signed.words[i]), signed.credits[i], int(signed.shingles[i]),
                       signed.quoted[i], signed.places[i]) for i in range(len(signed.values))]


def batch_of(items: list[tuple[str, str]], records: dict[str, SignedText], perm: int) -> Batch:
    """Rows for (article id, content hash) pairs, in the given order."""
    n = len(items)
    signed = [records[h] for _, h in items]
    return Batch([a for a, _ in items],
                 np.array([int(h[:16], 16) for _, h in items], dtype=np.uint64),
                 np.array([s.values for s in signed], dtype=np.uint32).reshape(n, perm),
                 np.array([s.lead for s in signed], dtype=np.uint32).reshape(n, LEAD_PERM),
                 np.array([s.teaser for s in signed], dtype=bool),
                 np.array([s.words for s in signed], dtype=np.int32),
                 np.array([s.shingles for s in signed], dtype=np.int32),
                 np.array([s.quoted for s in signed], dtype=np.uint8).reshape(n, (perm + 7) // 8),
                 place_codes([s.place for s in signed]))

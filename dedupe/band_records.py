"""The records the compact Redis index (redis_bands.py) reads and writes, built by numpy.

A record is one (article, band): its Redis key suffix (4 bytes: the band, then 3 bytes of
partition), its field (the band's `rows` values, big-endian: datasketch's bucket key) and,
when writing, its member (the article id as a big-endian 8-byte integer). Records come
grouped: those of one key consecutive, and within a key those of one field, so each key
is one command and each field one value. They are ordered by band, then by the band's
64-bit key (lsh.band_keys, whose top bits are the partition): one sort per band instead
of a byte-wise sort, and an exact sort of the band's values in the (astronomically rare)
case that two different buckets share a 64-bit key.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .lsh import band_keys

__all__ = ["Part", "digest", "distinct_members", "group_starts", "member_codes", "member_ids",
           "merge", "regroup"]


def member_codes(ids: Sequence[str]) -> np.ndarray:
    """Article ids (16 hex digits, storage.identity.article_id) as uint64."""
    try:
        codes = np.array([int(i, 16) for i in ids], dtype=np.uint64)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"the compact index needs 16-hex-digit article ids: {exc}") from exc
    if any(len(i) != 16 for i in ids):
        raise ValueError("the compact index needs 16-hex-digit article ids")
    return codes


def member_ids(codes: np.ndarray) -> set[str]:
    return {f"{int(c):016x}" for c in codes}


class Part:
    """One signature kind (full or lead): its bands and its key prefix."""

    def __init__(self, base: str, tag: str, bands: int, rows: int) -> None:
        self.base, self.bands, self.rows = f"{base}:{tag}", bands, rows
        self.field_len = 4 * rows

    def records(self, values: np.ndarray, bits: int, members: np.ndarray | None) -> bytes:
        """`record_rows` of every band as bytes (what the REMOVE script reads)."""
        return self.record_rows(values, bits, members).tobytes()

    def record_rows(self, values: np.ndarray, bits: int, members: np.ndarray | None,
                    bands: range | None = None) -> np.ndarray:
        """Grouped records (see above) as a uint8 array, one row per (row, band);
        `bands`: only these bands. `members` must be distinct (one field per band)."""
        bands = bands if bands is not None else range(self.bands)
        n, rows, width = values.shape[0], self.rows, self.field_len
        out_width = 4 + width + (8 if members is not None else 0)
        if n == 0 or not bands:
            return np.zeros((0, out_width), np.uint8)
        values = np.ascontiguousarray(values[:, bands.start * rows:bands.stop * rows])
        count = len(bands)
        keys = band_keys(values, count, rows)
        order = np.argsort(keys, axis=0)  # per band, by its 64-bit key
        for b in range(count):
            if _shared_keys(keys[order[:, b], b], values[order[:, b], b * rows:(b + 1) * rows]):
                band_values = values[:, b * rows:(b + 1) * rows]
                order[:, b] = np.lexsort([band_values[:, j] for j in reversed(range(rows))]
                                         + [keys[:, b]])
        row = order.T.ravel()  # band-major
        band = np.repeat(np.arange(count), n)
        part = (keys[row, band] >> np.uint64(64 - bits)).astype(np.uint32) if bits else \
            np.zeros(row.size, np.uint32)
        suffix = (np.uint32(bands.start) + band.astype(np.uint32)) << np.uint32(24) | part
        fields = values.reshape(n, count, rows)[row, band].astype(">u4").view(np.uint8)
        cols: list[np.ndarray] = [suffix.astype(">u4").view(np.uint8).reshape(-1, 4),
                                  fields.reshape(-1, width)]
        if members is not None:
            cols.append(members[row].astype(">u8").view(np.uint8).reshape(-1, 8))
        return np.concatenate(cols, axis=1)


def _shared_keys(keys: np.ndarray, fields: np.ndarray) -> bool:
    """Whether two different fields share a key (sorted by key: then they might not be
    consecutive)."""
    same = np.flatnonzero(keys[1:] == keys[:-1])
    return bool(same.size) and bool(np.any(fields[same] != fields[same + 1]))


def distinct_members(ids: Sequence[str], *arrays: np.ndarray):
    """Member codes of `ids` with each id once (its first row), and the arrays' rows."""
    codes = member_codes(ids)
    if codes.size < 2:
        return (codes, *arrays)
    _, first = np.unique(codes, return_index=True)
    if first.size == codes.size:
        return (codes, *arrays)
    first.sort()
    return (codes[first], *(a[first] for a in arrays))


def group_starts(rows: np.ndarray, head: int) -> np.ndarray:
    """First row of each group of equal (suffix, field) in grouped records."""
    first = np.ones(len(rows), bool)
    first[1:] = np.any(rows[1:, :head] != rows[:-1, :head], axis=1)
    return np.flatnonzero(first)


def merge(rows: np.ndarray, groups: np.ndarray, owner: np.ndarray, old: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, int]:
    """(the batch's records of buckets new to the index, as they are; records of the
    buckets that held members and gain some, with ALL their members; how many (bucket,
    member) pairs are new). `rows`: the batch's grouped records (distinct members),
    `groups` their first rows; `owner`/`old`: what the buckets hold now (group index,
    member). Only buckets that hold members already are sorted."""
    head = rows.shape[1] - 8
    group = np.repeat(np.arange(len(groups)), np.diff(np.append(groups, len(rows))))
    held = np.zeros(len(groups), bool)
    held[owner] = True
    both = held[group]
    fresh = rows[~both]
    new = rows[both, head:].copy().view(">u8").ravel().astype(np.uint64)
    g = np.concatenate((owner, group[both]))
    m = np.concatenate((old, new))
    order = np.lexsort((m, g))
    g, m = g[order], m[order]
    keep = np.ones(g.size, bool)
    keep[1:] = (g[1:] != g[:-1]) | (m[1:] != m[:-1])
    g, m = g[keep], m[keep]
    grown = (np.bincount(g, minlength=len(groups))
             > np.bincount(owner, minlength=len(groups)))[g]
    merged = np.concatenate((rows[groups[g[grown]], :head],
                             m[grown].astype(">u8").view(np.uint8).reshape(-1, 8)), axis=1)
    return fresh, merged, len(fresh) + g.size - owner.size


def digest(bits: int, values: np.ndarray, lead: np.ndarray) -> bytes:
    """Names the records a look-up built (same rows and partition bits, same records)."""
    import hashlib

    h = hashlib.blake2b(str((bits, values.shape, lead.shape)).encode(), digest_size=16)
    h.update(np.ascontiguousarray(values).tobytes())
    h.update(np.ascontiguousarray(lead).tobytes())
    return h.digest()


def regroup(rows: np.ndarray, groups: np.ndarray, owner: np.ndarray, members: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """A look-up's (record index, member) as (group index, member): the look-up asked
    for every record (a bucket once per record), an add asks once per bucket."""
    first = np.zeros(len(rows), bool)
    first[groups] = True
    pick = first[owner]
    return (np.cumsum(first) - 1)[owner[pick]], members[pick]

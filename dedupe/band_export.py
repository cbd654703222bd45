"""The compact Redis index (redis_bands.py) as datasketch `MinHashLSH` indexes.

For datasketch users who want the window itself: every bucket of every band is read back
(its field is datasketch's own bucket key: the band's values, big-endian) and inserted
into a `MinHashLSH` with the same (bands, rows), keys being article ids as bytes. The
result answers `query(LeanMinHash)` exactly as `RedisBands.candidates` does, and
`remove` works on it (each key's buckets are recorded as datasketch records them).
"""

from __future__ import annotations

from collections.abc import Iterable

from .signatures import LEAD_PERM

__all__ = ["to_datasketch"]


def to_datasketch(bands, storage_config: dict | None = None) -> tuple:
    """(full, lead) `MinHashLSH` holding the window of `bands` (a RedisBands);
    `storage_config` as datasketch takes it (default: in memory)."""
    from datasketch import MinHashLSH

    out = []
    for part, perm in zip(bands.parts, (bands.config.num_perm, LEAD_PERM)):
        lsh = MinHashLSH(num_perm=perm, params=(part.bands, part.rows), prepickle=False,
                         storage_config=storage_config or {"type": "dict"})
        buckets_of: dict[bytes, list] = {}
        for band, bucket, members in _buckets(bands.client, part):
            for member in members:
                lsh.hashtables[band].insert(bucket, member)
                buckets_of.setdefault(member, [b""] * part.bands)[band] = bucket
        for member, buckets in buckets_of.items():  # what MinHashLSH.remove needs
            lsh.keys.insert(member, *buckets)
        out.append(lsh)
    return tuple(out)


def _buckets(client, part) -> Iterable[tuple[int, bytes, list[bytes]]]:
    """(band, bucket, member ids as bytes) of every bucket of one part."""
    base = part.base.encode()
    for key in client.scan_iter(match=base + b"????", count=5000):
        suffix = key[len(base):]
        if len(suffix) != 4:
            continue
        for field, value in client.hgetall(key).items():
            if value == b"":  # spilled: the members are in their own key
                value = client.get(base + b"x" + suffix + field) or b""
            yield suffix[0], field, [f"{int.from_bytes(value[i:i + 8], 'big'):016x}".encode()
                                     for i in range(0, len(value), 8)]

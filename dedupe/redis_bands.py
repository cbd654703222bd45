"""The window's LSH band tables in Redis, compactly: ~16x smaller and ~10x faster than
datasketch's Redis layout (bench/redis_index.py measures both in one run).

Same banding as the in-memory index and `MinHashLSH` (clustering.lsh_bands: a band is a
run of `rows` hash values, its bucket the values' big-endian bytes, exactly datasketch's
bucket key), so lookups return exactly what `MinHashLSH.query` returns (a test compares).
What differs is how buckets are kept:

- A member is the article id as an 8-byte integer (ids are 16 hex digits), not a string.
- Buckets of one band live in `2**bits` Redis hashes (a bucket's partition comes from a
  64-bit mix of its values): field = the bucket's bytes, value = its members
  concatenated. Each hash stays below the server's listpack limits, so Redis keeps it as
  one flat array (~20 bytes per bucket entry instead of a Redis set per bucket). `bits`
  grows with the window (the index is rebuilt when it doubles).
- A batch is a few pipelined writes of raw protocol (band_records.py builds its records,
  band_resp.py packs HMGET/HSET commands, band_wire.py sends them and locates the
  replies): a look-up is one HMGET per touched hash; an add reads the touched buckets,
  merges, writes them back (the assignment lock keeps other writers out); a rebuild
  writes whole buckets band by band; a removal runs a Lua script (band_scripts.py).

Key names: `<prefix>:<config key>:c:` + `f`/`l` (full / lead signature) + 4 binary bytes
(band, partition); spills add `x` + bucket; `...:c:state` is a hash (window fingerprint,
window start, partition bits, article count). `to_datasketch()` exports the window as
datasketch `MinHashLSH` indexes (in memory or any datasketch storage).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np

from . import band_resp, band_scripts, band_wire
from .band_records import (
    Part, digest, distinct_members, group_starts, member_codes, member_ids, merge, regroup,
)
from .clustering import lsh_bands
from .config import DedupeConfig

__all__ = ["RedisBands", "member_codes", "partition_bits"]

# Records per packed write and per Lua call (removals): a few ms of Redis's time each,
# so Redis works on one while the next is packed, and a shared Redis is never held long.
_CHUNK = 8192
# Redis's own defaults, used when the server does not let us read its configuration.
_LISTPACK_ENTRIES, _LISTPACK_VALUE = 128, 64
_MIN_BITS, _MAX_BITS = 4, 24
# Bucket entries per hash after a rebuild, at most: a lookup scans a hash's listpack, so
# small hashes look up fast, while each hash costs ~120 bytes of its own (measured with
# bench/redis_index.py: 48 keeps that under 3 bytes per entry).
_PER_HASH = 48
_FORMAT = "1"


def partition_bits(articles: int, entries_limit: int = _LISTPACK_ENTRIES) -> int:
    """Partitions per band (as bits) for a window of `articles`: at most `_PER_HASH`
    entries per hash (and a quarter of the server's listpack limit), so a hash stays a
    flat listpack until the window doubles."""
    target = max(min(entries_limit // 4, _PER_HASH), 1)
    bits = int(np.ceil(np.log2(max(articles, 1) / target))) if articles > target else 0
    return int(min(max(bits, _MIN_BITS), _MAX_BITS))


class RedisBands:
    """One cluster config's compact index: full and lead band tables plus a state hash.

    Same methods as the state/insert/remove/candidates of the datasketch layout, plus
    `bulk_load` for rebuilds; `shared_index.RedisIndex` decides when to rebuild.
    """

    def __init__(self, params: dict, prefix: str, config: DedupeConfig) -> None:
        import redis

        self.config = config
        self.client = redis.Redis(**params)
        self.base = f"{prefix}:{config.key}:c"
        full, lead = lsh_bands(config)
        self.parts = (Part(self.base, "f", *full), Part(self.base, "l", *lead))
        self.entries_limit, self.value_limit = self._listpack_limits()
        self._remove = self.client.register_script(band_scripts.REMOVE)
        # What the last candidates(keep=True) read: (digest of its rows, its buckets).
        self._looked_up: tuple[bytes, list] | None = None

    def _listpack_limits(self) -> tuple[int, int]:
        import redis

        try:  # managed Redis may refuse CONFIG: assume the defaults then
            got = self.client.config_get("hash-max-listpack-*")
            return (int(got.get("hash-max-listpack-entries", _LISTPACK_ENTRIES)),
                    int(got.get("hash-max-listpack-value", _LISTPACK_VALUE)))
        except redis.ResponseError:
            return _LISTPACK_ENTRIES, _LISTPACK_VALUE

    # -- state -------------------------------------------------------------------------
    def state(self) -> dict | None:
        """The window the index matches: watermark, since (POSIX), bits, count."""
        raw = self.client.hgetall(self.base + ":state")
        if not raw or raw.get(b"format") != _FORMAT.encode():
            return None
        return {"watermark": (int(raw[b"count"]), raw[b"latest"].decode()),
                "since": float(raw[b"since"]), "bits": int(raw[b"bits"]),
                "articles": int(raw[b"articles"])}

    def set_state(self, watermark: tuple[int, str], since: datetime) -> None:
        self.client.hset(self.base + ":state", mapping={
            "format": _FORMAT, "count": watermark[0], "latest": watermark[1],
            "since": repr(since.timestamp())})

    def bits(self) -> int:
        raw = self.client.hget(self.base + ":state", "bits")
        return int(raw) if raw is not None else _MIN_BITS

    def fits(self, articles: int) -> bool:
        """Whether `articles` keep every hash flat at the current partition count (with
        room for the largest of them), and do not leave it nearly empty."""
        bits = self.bits()
        per_hash = articles / 2 ** bits
        most = min(self.entries_limit / 2, 2 * _PER_HASH)
        return per_hash <= most and (bits == _MIN_BITS or per_hash >= _PER_HASH / 8)

    def clear(self, articles: int = 0) -> None:
        """Drop the whole index (and any datasketch-layout index of the same config) and
        size the partitions for `articles`; the state goes first, so a clear cut short
        reads as 'no index' and the next run rebuilds."""
        self._looked_up = None
        self.client.delete(self.base + ":state")
        prefix = self.base.rsplit(":", 1)[0]
        batch: list[bytes] = []
        for key in self.client.scan_iter(match=prefix + ":*", count=5000):
            batch.append(key)
            if len(batch) >= 5000:
                self.client.unlink(*batch)
                batch = []
        if batch:
            self.client.unlink(*batch)
        self.client.hset(self.base + ":state", mapping={
            "bits": partition_bits(articles, self.entries_limit), "articles": 0})

    # -- index -------------------------------------------------------------------------
    def insert(self, ids: Sequence[str], values: np.ndarray, lead: np.ndarray,
               looked_up: bool = False) -> int:
        """Add rows (members already in a bucket are not added twice); returns how many
        articles were added. Reads the batch's buckets, merges, writes them back: two
        pipelined round trips (band_wire.py), safe because writers hold the store's
        assignment lock. `looked_up`: the caller's last call was candidates(keep=True)
        of these very rows and nobody wrote since (the lock held throughout), so what
        that look-up read is merged instead of reading the buckets again."""
        members, values, lead = distinct_members(ids, values, lead)
        bits = self.bits()
        rows = [part.record_rows(sig, bits, members) for part, sig in zip(self.parts,
                                                                        (values, lead))]
        groups = [group_starts(r, 4 + part.field_len) for part, r in zip(self.parts, rows)]
        kept, self._looked_up = self._looked_up, None
        if looked_up and kept is not None and kept[0] == digest(bits, values, lead):
            # same rows, same bits: the look-up's records are these, row for row
            held = [regroup(r, g, *h) for r, g, h in zip(rows, groups, kept[1])]
        else:
            held = self._held([(part, r[g, :-8])
                               for part, r, g in zip(self.parts, rows, groups)])
        added, writes = [], []
        for part, r, g, (owner, old) in zip(self.parts, rows, groups, held):
            fresh, merged, count = merge(r, g, owner, old)
            added.append(count)
            writes += [(part, fresh), (part, merged)]
        self._hset(writes)
        count = added[0] // self.parts[0].bands
        self.client.hincrby(self.base + ":state", "articles", count)
        return count

    def bulk_load(self, ids: Sequence[str], values: np.ndarray, lead: np.ndarray) -> int:
        """Fill a just-cleared index (a rebuild): plain HSETs, packed by numba
        (band_resp.py), a band's hashes per write, while Redis works through the band
        before."""
        self._looked_up = None
        members, values, lead = distinct_members(ids, values, lead)
        bits = self.bits()
        with band_wire.Wire(self.client) as wire:
            for part, sig in zip(self.parts, (values, lead)):
                base = part.base.encode()
                # Band by band: hashes of two bands never share a key, so each band's
                # HSETs write complete buckets (all their members at once).
                for band in range(part.bands):
                    rows = part.record_rows(sig, bits, members, range(band, band + 1))
                    if not len(rows):
                        continue
                    data, commands, spills = band_resp.hset_commands(
                        base, rows, part.field_len, self.value_limit)
                    if wire.pending[0]:
                        wire.read()
                    wire.send([data], commands, commands)
                    if spills:
                        self._raw([[b"SET", key, value] for key, value in spills])
            if wire.pending[0]:
                wire.read()
        self.client.hincrby(self.base + ":state", "articles", len(members))
        return len(members)

    def _held(self, asked: list[tuple[Part, np.ndarray]]
              ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per (part, heads: suffix | field rows, one key's consecutive): (index into
        heads, member) of every member those fields hold. The HMGETs of all parts go out
        chunk by chunk as they are packed (Redis answers while the next is packed) and
        are read at once."""
        with band_wire.Wire(self.client) as wire:
            for part, heads in asked:
                base = part.base.encode()
                for first in range(0, len(heads), _CHUNK):
                    chunk = heads[first:first + _CHUNK]
                    data, commands, _ = band_resp.hmget_commands(base, chunk, part.field_len,
                                                                 _CHUNK)
                    wire.send([data], commands, len(chunk))
            replies = wire.read() if wire.pending[0] else None
        out, at = [], 0
        for part, heads in asked:
            out.append(self._decode(part, heads, replies, at))
            at += len(heads)
        return out

    def _decode(self, part: Part, heads: np.ndarray, replies, at: int
                ) -> tuple[np.ndarray, np.ndarray]:
        """(index into heads, member) of the members in the replies' items from `at`."""
        if not len(heads):
            return np.empty(0, np.int64), np.empty(0, np.uint64)
        off = replies.off[at:at + len(heads)]
        length = replies.length[at:at + len(heads)]
        inline, spilled = np.flatnonzero(length > 0), np.flatnonzero(length == 0)
        sizes = length[inline]
        # every member byte's place in the reply bytes, without a Python loop
        starts = np.repeat(off[inline] - (np.cumsum(sizes) - sizes), sizes)
        data = [replies.data[starts + np.arange(starts.size)]]
        owners, counts = [inline], [sizes // 8]
        if spilled.size:  # a bucket of a widely copied story: its members in their own key
            base = part.base.encode() + b"x"
            got = self._raw([[b"GET", base + heads[i].tobytes()] for i in spilled.tolist()])
            data.append(np.frombuffer(b"".join(got), np.uint8))
            owners.append(spilled)
            counts.append(np.array([len(value) // 8 for value in got], np.int64))
        members = np.concatenate(data).view(">u8").astype(np.uint64)
        return np.repeat(np.concatenate(owners), np.concatenate(counts)), members

    def _hset(self, writes: list[tuple[Part, np.ndarray]]) -> None:
        """Write whole buckets (rows grouped, see band_records.py): each field gets all
        its members; packed chunk by chunk, sent as packed, replies read at the end."""
        spills = []
        with band_wire.Wire(self.client) as wire:
            for part, rows in writes:
                first = 0
                while first < len(rows):
                    end = min(first + _CHUNK, len(rows))
                    while end < len(rows) and np.array_equal(rows[end, :-8], rows[end - 1, :-8]):
                        end += 1  # a bucket is never cut
                    data, commands, spilled = band_resp.hset_commands(
                        part.base.encode(), rows[first:end], part.field_len, self.value_limit)
                    wire.send([data], commands, commands)
                    spills += spilled
                    first = end
            if wire.pending[0]:
                wire.read()
        if spills:
            self._raw([[b"SET", key, value] for key, value in spills])

    def _raw(self, commands: list[list[bytes]]) -> list[bytes]:
        """Run a few plain commands in one round trip; their replies' bytes (b'' for
        nil, as GET of a spill that is gone)."""
        packed = b"".join(b"*%d\r\n" % len(c) + b"".join(b"$%d\r\n%b\r\n" % (len(a), a)
                                                          for a in c) for c in commands)
        replies = band_wire.roundtrip(self.client, [packed], len(commands), len(commands))
        return [v if n >= 0 else b"" for v, n in zip(
            replies.values(np.arange(len(commands))), replies.length.tolist())]

    def remove(self, ids: Sequence[str], values: np.ndarray, lead: np.ndarray) -> int:
        """Remove rows, given their signatures (the store has them; the index keeps only
        buckets). Ids not in the index are skipped; returns how many were removed."""
        self._looked_up = None
        members, values, lead = distinct_members(ids, values, lead)
        bits = self.bits()
        removed = [self._run(part, part.records(sig, bits, members))
                   for part, sig in zip(self.parts, (values, lead))]
        count = removed[0] // self.parts[0].bands
        self.client.hincrby(self.base + ":state", "articles", -count)
        return count

    def candidates(self, values: np.ndarray, lead: np.ndarray, keep: bool = False
                   ) -> set[str]:
        """Article ids sharing a full or lead band bucket with any row of the batch: one
        pipelined HMGET per touched hash (band_wire.py). `keep`: remember what was read,
        for an insert(looked_up=True) of the same rows next."""
        values, lead = np.atleast_2d(values), np.atleast_2d(lead)
        bits = self.bits()
        held = self._held([(part, part.record_rows(sig, bits, None))
                           for part, sig in zip(self.parts, (values, lead))])
        self._looked_up = (digest(bits, values, lead), held) if keep else None
        return member_ids(np.unique(np.concatenate([members for _, members in held])))

    def count(self) -> int:
        """Articles in the index."""
        raw = self.client.hget(self.base + ":state", "articles")
        return int(raw or 0)

    def _run(self, part: Part, blob: bytes) -> int:
        step, total = 4 + part.field_len + 8, 0
        for first in range(0, len(blob), _CHUNK * step):
            total += int(self._remove(args=[part.base, blob[first:first + _CHUNK * step],
                                            part.field_len, self.value_limit]))
        return total

    # -- export ------------------------------------------------------------------------
    def to_datasketch(self, storage_config: dict | None = None):
        """The window as two datasketch `MinHashLSH` (full, lead): band_export.py."""
        from .band_export import to_datasketch

        return to_datasketch(self, storage_config)

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
- A whole batch is a few Lua calls over one blob of records (band_scripts.py).

Key names: `<prefix>:<config key>:c:` + `f`/`l` (full / lead signature) + 4 binary bytes
(band, partition); spills add `x` + bucket; `...:c:state` is a hash (window fingerprint,
window start, partition bits, article count). `to_datasketch()` exports the window as
datasketch `MinHashLSH` indexes (in memory or any datasketch storage).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np

from . import band_resp, band_scripts
from .clustering import lsh_bands
from .config import DedupeConfig
from .lsh import band_keys

__all__ = ["RedisBands", "member_codes", "partition_bits"]

# Records per Lua call: one call blocks the (shared) Redis for a few tens of ms at most.
_CHUNK = 20_000
# Redis's own defaults, used when the server does not let us read its configuration.
_LISTPACK_ENTRIES, _LISTPACK_VALUE = 128, 64
_MIN_BITS, _MAX_BITS = 4, 24
# Bucket entries per hash after a rebuild, at most: a lookup scans a hash's listpack, so
# small hashes look up fast, while each hash costs ~120 bytes of its own (measured with
# bench/redis_index.py: 48 keeps that under 3 bytes per entry).
_PER_HASH = 48
_FORMAT = "1"


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


def partition_bits(articles: int, entries_limit: int = _LISTPACK_ENTRIES) -> int:
    """Partitions per band (as bits) for a window of `articles`: at most `_PER_HASH`
    entries per hash (and a quarter of the server's listpack limit), so a hash stays a
    flat listpack until the window doubles."""
    target = max(min(entries_limit // 4, _PER_HASH), 1)
    bits = int(np.ceil(np.log2(max(articles, 1) / target))) if articles > target else 0
    return int(min(max(bits, _MIN_BITS), _MAX_BITS))


class _Part:
    """One signature kind (full or lead): its bands and its key prefix."""

    def __init__(self, base: str, tag: str, bands: int, rows: int) -> None:
        self.base, self.bands, self.rows = f"{base}:{tag}", bands, rows
        self.field_len = 4 * rows

    def records(self, values: np.ndarray, bits: int, members: np.ndarray | None) -> bytes:
        """Sorted fixed-size records (key suffix | band bytes [| member]) of every band of
        every row, duplicates dropped."""
        return self.record_rows(values, bits, members).tobytes()

    def record_rows(self, values: np.ndarray, bits: int, members: np.ndarray | None,
                    bands: range | None = None) -> np.ndarray:
        """`records` as a uint8 array, one row per record; `bands`: only these bands."""
        bands = bands if bands is not None else range(self.bands)
        n, rows, width = values.shape[0], self.rows, self.field_len
        if n == 0 or not bands:
            return np.zeros((0, 4 + width + (8 if members is not None else 0)), np.uint8)
        values = values[:, bands.start * rows:bands.stop * rows]
        count = len(bands)
        fields = np.ascontiguousarray(values.astype(">u4")).view(np.uint8).reshape(
            n, count, width)
        part = (band_keys(values, count, rows) >> np.uint64(64 - bits)).astype(np.uint32)
        band_no = np.arange(bands.start, bands.stop, dtype=np.uint32)
        suffix = (band_no[None, :] << np.uint32(24)) | part
        cols = [suffix.astype(">u4").view(np.uint8).reshape(n, count, 4), fields]
        if members is not None:
            cols.append(np.repeat(members.astype(">u8")[:, None], count, axis=1)
                        .view(np.uint8).reshape(n, count, 8))
        flat = np.concatenate(cols, axis=2).reshape(n * count, -1)
        # Sort keys as native integers (sorting big-endian bytes is several times slower):
        # the hash, then the band's values, whose big-endian bytes sort alike.
        if rows <= 2:
            word = values[:, 0::rows].astype(np.uint64) << np.uint64(32 * (rows - 1))
            if rows == 2:
                word |= values[:, 1::rows]
            keys = [word.ravel()]
        else:
            keys = [values[:, j::rows].ravel() for j in reversed(range(rows))]
        if members is not None:  # a bucket's members are distinct records
            keys.insert(0, np.repeat(members, count))
        return _sorted_unique(flat, keys + [suffix.ravel()])


def _sorted_unique(flat: np.ndarray, keys: list[np.ndarray]) -> np.ndarray:
    """Rows of `flat` in the order of `keys` (last key first), one row per distinct
    key: records of one hash, and of one bucket, are then consecutive."""
    order = np.argsort(keys[0], kind="stable")
    for key in keys[1:]:
        order = order[np.argsort(key[order], kind="stable")]
    keep = np.ones(order.size, bool)
    if order.size > 1:
        same = np.ones(order.size - 1, bool)
        for key in keys:
            ordered = key[order]
            same &= ordered[1:] == ordered[:-1]
        keep[1:] = ~same
    return flat[order[keep]]


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
        self.parts = (_Part(self.base, "f", *full), _Part(self.base, "l", *lead))
        self.entries_limit, self.value_limit = self._listpack_limits()
        self._scripts = {name: self.client.register_script(getattr(band_scripts, name))
                         for name in ("LOOKUP", "ADD", "REMOVE")}

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
               empty: bool = False) -> int:
        """Add rows (members already in a bucket are not added twice); returns how many
        articles were added. `empty`: the index was just cleared (a rebuild), so
        nothing needs reading first."""
        members, bits = member_codes(ids), self.bits()
        added = [self._run("ADD", part, part.records(sig, bits, members), "1" if empty else "0")
                 for part, sig in zip(self.parts, (values, lead))]
        count = added[0] // self.parts[0].bands
        self.client.hincrby(self.base + ":state", "articles", count)
        return count

    def bulk_load(self, ids: Sequence[str], values: np.ndarray, lead: np.ndarray) -> int:
        """Fill a just-cleared index (a rebuild): plain HSETs packed by numpy
        (band_resp.py), a chunk of whole hashes per write."""
        members, bits = member_codes(ids), self.bits()
        try:
            for part, sig in zip(self.parts, (values, lead)):
                # Band by band: hashes of two bands never share a key, so each band's
                # HSETs write complete buckets (all their members at once).
                for band in range(part.bands):
                    self._hset_rows(part, part.record_rows(sig, bits, members,
                                                           range(band, band + 1)))
            self._read_replies()
        finally:  # cut short: a connection with replies unread must not be reused
            conn = self._unread[0]
            if conn is not None:
                conn.disconnect()
                self.client.connection_pool.release(conn)
                self._unread = (None, 0)
        self.client.hincrby(self.base + ":state", "articles", len(ids))
        return len(ids)

    _unread: tuple = (None, 0)  # (connection, HSET replies not read yet)

    def _read_replies(self) -> None:
        conn, commands = self._unread
        if conn is None:
            return
        for _ in range(commands):  # an error leaves _unread set: bulk_load drops conn
            conn.read_response()
        self._unread = (None, 0)
        self.client.connection_pool.release(conn)

    def _hset_rows(self, part: _Part, rows: np.ndarray) -> None:
        data, commands, spills = band_resp.hset_commands(
            part.base.encode(), rows, part.field_len, self.value_limit)
        # Redis works through one band while the next is packed: read the previous
        # band's replies only now.
        self._read_replies()
        conn = self.client.connection_pool.get_connection()
        conn.send_packed_command([data])
        self._unread = (conn, commands)
        if spills:
            pipe = self.client.pipeline(transaction=False)
            for key, value in spills:
                pipe.append(key, value)
            pipe.execute()

    def remove(self, ids: Sequence[str], values: np.ndarray, lead: np.ndarray) -> int:
        """Remove rows, given their signatures (the store has them; the index keeps only
        buckets). Ids not in the index are skipped; returns how many were removed."""
        members, bits = member_codes(ids), self.bits()
        removed = [self._run("REMOVE", part, part.records(sig, bits, members))
                   for part, sig in zip(self.parts, (values, lead))]
        count = removed[0] // self.parts[0].bands
        self.client.hincrby(self.base + ":state", "articles", -count)
        return count

    def candidates(self, values: np.ndarray, lead: np.ndarray) -> set[str]:
        """Article ids sharing a full or lead band bucket with any row of the batch."""
        bits, found = self.bits(), []
        for part, sig in zip(self.parts, (values, lead)):
            blob = part.records(np.atleast_2d(sig), bits, None)
            step = 4 + part.field_len
            for first in range(0, len(blob), _CHUNK * step):
                reply = self._scripts["LOOKUP"](args=[
                    part.base, blob[first:first + _CHUNK * step], part.field_len,
                    self.value_limit])
                found.append(np.frombuffer(reply, dtype=">u8"))
        codes = np.unique(np.concatenate(found)) if found else np.empty(0, np.uint64)
        return member_ids(codes)

    def count(self) -> int:
        """Articles in the index."""
        raw = self.client.hget(self.base + ":state", "articles")
        return int(raw or 0)

    def _run(self, script: str, part: _Part, blob: bytes, *extra: str) -> int:
        step, total = 4 + part.field_len + 8, 0
        for first in range(0, len(blob), _CHUNK * step):
            total += int(self._scripts[script](args=[
                part.base, blob[first:first + _CHUNK * step], part.field_len,
                self.value_limit, *extra]))
        return total

    # -- export ------------------------------------------------------------------------
    def to_datasketch(self, storage_config: dict | None = None):
        """The window as two datasketch `MinHashLSH` (full, lead): band_export.py."""
        from .band_export import to_datasketch

        return to_datasketch(self, storage_config)

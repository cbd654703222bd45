"""The shared index as it was up to issue 17: datasketch's own Redis layout (the baseline of
bench/redis_index.py; the product uses dedupe/redis_bands.py).

Two `datasketch.MinHashLSH` indexes with `storage_config` type redis: one over the full
signatures, one over the lead signatures (teasers), banded exactly like the in-memory index
(clustering.lsh_bands), so both find the same candidates. Keys are article ids as bytes
(no pickling). Everything lives under `<store prefix>:<cluster config key>:`, so two stores
or two cluster configs never share a key, and datasketch itself can open the index:

    MinHashLSH(num_perm=128, params=(32, 2), prepickle=False, storage_config={
        "type": "redis", "basename": b"<prefix>:<key>:full", "redis": {...}})

Redis keeps only what datasketch keeps (band buckets and each key's bands), not the
signatures: the stage reads the candidates' rows from the store, the source of truth.

Lookups pipeline the SMEMBERS of every band bucket of a whole batch instead of calling
`MinHashLSH.query`, which asks Redis one bucket at a time (32 round trips per article);
a test checks that both return the same keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np

from dedupe.clustering import lsh_bands
from dedupe.config import DedupeConfig
from dedupe.signatures import LEAD_PERM, to_lean

__all__ = ["RedisLSH"]

# Commands per pipeline round trip: large enough to hide latency, small enough that one
# reply stays a few MB.
_PIPELINE = 5000


class RedisLSH:
    """One cluster config's index: full and lead `MinHashLSH` plus a state hash.

    The state records the memberships fingerprint and window start the index matches;
    `shared_index.RedisIndex` rebuilds the index when they differ from the store's.
    """

    def __init__(self, params: dict, prefix: str, config: DedupeConfig) -> None:
        import redis
        from datasketch import MinHashLSH

        self.config = config
        self.client = redis.Redis(**params)
        self.base = f"{prefix}:{config.key}"
        full, lead = lsh_bands(config)

        def storage(part: str) -> dict:
            return {"type": "redis", "basename": f"{self.base}:{part}".encode(), "redis": params}

        self.full = MinHashLSH(num_perm=config.num_perm, params=full,
                               storage_config=storage("full"), prepickle=False)
        self.lead = MinHashLSH(num_perm=LEAD_PERM, params=lead,
                               storage_config=storage("lead"), prepickle=False)

    def _parts(self, values: np.ndarray, lead: np.ndarray):
        return ((self.full, values), (self.lead, lead))

    # -- state -------------------------------------------------------------------------
    def state(self) -> tuple[tuple[int, str], float] | None:
        """(memberships fingerprint, window start as POSIX time) the index matches."""
        raw = self.client.hgetall(self.base + ":state")
        if not raw:
            return None
        return (int(raw[b"count"]), raw[b"latest"].decode()), float(raw[b"since"])

    def set_state(self, watermark: tuple[int, str], since: datetime) -> None:
        self.client.hset(self.base + ":state", mapping={
            "count": watermark[0], "latest": watermark[1], "since": repr(since.timestamp())})

    def clear(self) -> None:
        """Drop the whole index; the state goes first, so a clear cut short reads as
        'no index' and the next run rebuilds."""
        self.client.delete(self.base + ":state")
        batch: list[bytes] = []
        for key in self.client.scan_iter(match=self.base + ":*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                self.client.unlink(*batch)
                batch = []
        if batch:
            self.client.unlink(*batch)

    # -- index -------------------------------------------------------------------------
    def insert(self, ids: Sequence[str], values: np.ndarray, lead: np.ndarray) -> None:
        """Add rows through datasketch's insertion session (buffered pipelines)."""
        for lsh, signatures in self._parts(values, lead):
            with lsh.insertion_session(buffer_size=_PIPELINE) as session:
                for article_id, row in zip(ids, signatures):
                    # The caller inserts only articles that were not in the index (the
                    # state check guarantees it), so skip datasketch's per-key lookup.
                    session.insert(article_id.encode(), to_lean(row, self.config),
                                   check_duplication=False)

    def remove(self, ids: Iterable[str]) -> int:
        """Remove rows; ids not in the index are skipped. Returns how many were removed.

        Leaves Redis exactly as datasketch's `MinHashLSH.remove` would (a test compares
        the two key by key), but in four pipelined passes per chunk instead of ~5 round
        trips per band per key: removal is what a window moving by a day costs.
        """
        wanted = [article_id.encode() for article_id in ids]
        removed = 0
        for first in range(0, len(wanted), _PIPELINE // 8):
            chunk = wanted[first:first + _PIPELINE // 8]
            for lsh in (self.full, self.lead):
                count = self._remove_chunk(lsh, chunk)
                removed += count if lsh is self.full else 0
        return removed

    def _remove_chunk(self, lsh, keys: list[bytes]) -> int:
        # 1. each key's band buckets, as datasketch recorded them at insert
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.lrange(lsh.keys.redis_key(key), 0, -1)
        present = [(key, bands) for key, bands in zip(keys, pipe.execute()) if bands]
        if not present:
            return 0
        # 2. the key leaves each of its buckets
        touched = {}
        pipe = self.client.pipeline(transaction=False)
        for key, bands in present:
            for bucket, table in zip(bands, lsh.hashtables):
                pipe.srem(table.redis_key(bucket), key)
                touched[(table.redis_key(bucket), bucket)] = table
        pipe.execute()
        # 3. buckets left empty are gone (Redis drops empty sets): drop their table entry
        pipe = self.client.pipeline(transaction=False)
        order = list(touched)
        for redis_key, _ in order:
            pipe.exists(redis_key)
        pipe2 = self.client.pipeline(transaction=False)
        for (redis_key, bucket), exists in zip(order, pipe.execute()):
            if not exists:
                pipe2.hdel(_hash_name(touched[(redis_key, bucket)]), bucket)
        # 4. and the key's own record
        for key, _ in present:
            pipe2.hdel(_hash_name(lsh.keys), key)
            pipe2.delete(lsh.keys.redis_key(key))
        pipe2.execute()
        return len(present)

    def candidates(self, values: np.ndarray, lead: np.ndarray) -> set[str]:
        """Article ids sharing a full or lead band bucket with any row of the batch."""
        found: set[bytes] = set()
        for lsh, signatures in self._parts(values, lead):
            # datasketch's bucket of a band: the band's uint32 values, byte-swapped.
            swapped = np.ascontiguousarray(signatures, dtype=np.uint32).byteswap()
            keys = [table.redis_key(row[start:end].tobytes())
                    for row in swapped
                    for (start, end), table in zip(lsh.hashranges, lsh.hashtables)]
            for first in range(0, len(keys), _PIPELINE):
                pipe = self.client.pipeline(transaction=False)
                for key in keys[first:first + _PIPELINE]:
                    pipe.smembers(key)
                for members in pipe.execute():
                    found.update(members)
        return {key.decode() for key in found}

    def count(self) -> int:
        """Articles in the index."""
        return self.full.keys.size()


def _hash_name(storage) -> bytes:
    """The Redis hash in which a datasketch storage lists its keys (named at creation; not
    exposed publicly, so the layout test guards it)."""
    return storage._name

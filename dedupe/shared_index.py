"""Where the window's index is kept: a file beside the store, or Redis shared by workers.

Several workers deduping into one store must see one index, so with `index_url` set the
saved index lives in Redis under a key prefix derived from the store URL (two stores never
share keys). Redis holds the same `.npz` stream the file would, split into chunks because a
Redis string is capped at 512 MB (a million articles is ~0.8 GB of signatures). Readers and
the writer run under the store's assignment lock (storage.locks.assignment_lock), and the
chunks are replaced in one MULTI/EXEC transaction, so a reader never sees half an index.

Redis is a cache of the store, like the file: the stored fingerprint (memberships count and
latest join) decides whether it is current, and a stale or missing one is rebuilt from the
store. An unreachable Redis is an error the user must fix (`IndexUnavailable`, one line
naming the URL), raised before anything is written.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from .clustering import ClusterIndex
from .config import DedupeConfig
from .index_file import IndexState, index_path, load_index, read_index, save_index, write_index

__all__ = ["FileIndex", "IndexStore", "IndexUnavailable", "RedisIndex", "open_index",
           "redis_prefix", "shown_url"]

_CHUNK = 64 * 1024 * 1024  # bytes per Redis list item, far below the 512 MB string cap


class IndexUnavailable(Exception):
    """The shared index named by the settings cannot be reached; exit 1."""

    exit_code = 1


class IndexStore(Protocol):
    def load(self, config: DedupeConfig, watermark: tuple[int, str],
             since: datetime) -> tuple[ClusterIndex, IndexState] | None: ...

    def save(self, index: ClusterIndex, state: IndexState) -> None: ...


class FileIndex:
    """The single-machine default: `<data_dir>/dedupe/index-<key>.npz`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def load(self, config, watermark, since):
        return load_index(index_path(self.data_dir, config), config, watermark, since)

    def save(self, index, state):
        save_index(index_path(self.data_dir, index.config), index, state)


class RedisIndex:
    """The index in Redis: list `<prefix>:index:<config key>` of .npz chunks."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis  # only users of a shared index need the client loaded

        self.url, self.prefix, self._errors = url, prefix, redis.RedisError
        try:
            self.client = redis.Redis.from_url(url, socket_connect_timeout=5,
                                               socket_timeout=120)
            self.client.ping()
        except (redis.RedisError, ValueError, OSError) as exc:
            raise self._unavailable(exc) from exc

    def key(self, config: DedupeConfig) -> str:
        return f"{self.prefix}:index:{config.key}"

    def load(self, config, watermark, since):
        try:
            chunks = self.client.lrange(self.key(config), 0, -1)
        except self._errors as exc:
            raise self._unavailable(exc) from exc
        if not chunks:
            return None
        return read_index(io.BytesIO(b"".join(chunks)), config, watermark, since)

    def save(self, index, state):
        buffer = io.BytesIO()
        write_index(buffer, index, state)
        data, key = buffer.getbuffer(), self.key(index.config)
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.delete(key)
                for start in range(0, len(data), _CHUNK):
                    pipe.rpush(key, bytes(data[start:start + _CHUNK]))
                pipe.execute()
        except self._errors as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: Exception) -> IndexUnavailable:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return IndexUnavailable(f"cannot reach the shared index {shown_url(self.url)}: {reason}")


def redis_prefix(store_url: str) -> str:
    """Keys of one store: `newsmon:<16 hex of the store URL>`, so stores never collide."""
    return "newsmon:" + hashlib.sha256(store_url.encode()).hexdigest()[:16]


def open_index(index_url: str | None, store_url: str, data_dir: Path) -> IndexStore:
    """The shared index when `index_url` is set (connecting now, so an unreachable Redis
    fails before any work), else the file beside the store."""
    if not index_url:
        return FileIndex(data_dir)
    return RedisIndex(index_url, redis_prefix(store_url))


def shown_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    netloc = f"{user}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))

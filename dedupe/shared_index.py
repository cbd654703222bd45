"""Where the window's index is kept: a file beside the store, or Redis shared by workers.

Both hand the stage a `ClusterIndex` that can place a batch, then remember what it placed:

- `FileIndex` (one machine): the whole window as arrays in `<data_dir>/dedupe/`, loaded
  when its memberships fingerprint still matches the store, else rebuilt from the store.
- `RedisIndex` (several workers): the window's LSH band tables in Redis, compactly
  (redis_bands.py: same banding and candidates as datasketch `MinHashLSH`, exportable to
  it), under a key prefix derived from the store URL. A batch looks up its LSH candidates there
  and reads only those rows (and their clusters' founders) from the store, so no worker
  holds the whole window. A state hash in Redis records the memberships fingerprint the
  index matches; after a run killed between its commit and its Redis writes the
  fingerprints differ and the index is rebuilt from the store.

Both run under the store's assignment lock (storage.locks.assignment_lock), so what one
worker reads cannot change underneath it. An unreachable Redis is an error the user must
fix (`IndexUnavailable`, one line naming the URL), raised before anything is written.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit, urlunsplit

from .clustering import Assignment, Batch, ClusterIndex
from .config import DedupeConfig
from .index_file import IndexState, index_path, load_index, save_index

if TYPE_CHECKING:
    import numpy as np

    from .redis_bands import RedisBands

__all__ = ["FileIndex", "IndexStore", "IndexUnavailable", "RedisIndex", "Window",
           "open_index", "redis_prefix", "shown_url"]


class BadIndexURL(Exception):
    """The --index-url cannot mean what it says (e.g. a Redis db that is not a number)."""

    exit_code = 2


class IndexUnavailable(Exception):
    """The shared index named by the settings cannot be reached; exit 1."""

    exit_code = 1


class Window(Protocol):
    """What an index needs from the stage: the window and rows read from the store."""

    # Read-only attributes (the stage's window is a frozen dataclass).
    @property
    def config(self) -> DedupeConfig: ...
    @property
    def now(self) -> datetime: ...
    @property
    def since(self) -> datetime: ...
    @property
    def watermark(self) -> tuple[int, str | None]:  # memberships fingerprint before the batch
        ...

    def everything(self) -> tuple[ClusterIndex, dict[str, float]]:
        """Every member of the window, and each cluster's last_seen (POSIX time)."""

    def rows(self, article_ids: set[str]) -> ClusterIndex:
        """These members (when in the window) and their clusters' founders."""

    def signatures(self) -> tuple[list[str], "np.ndarray", "np.ndarray"]:
        """(ids, values, lead) of every member of the window: all a rebuild of the band
        tables needs, read without building the window's index."""

    def expired(self, after: datetime) -> list[str]:
        """Members of clusters last seen in [after, since): dropped by a window that moved."""

    def signed(self, article_ids: list[str]) -> Batch:
        """The signatures of these members, whatever their cluster's age (the Redis index
        keeps only band buckets, so removing an article needs its signature again)."""


class IndexStore(Protocol):
    def index_for(self, batch: Batch, window: Window) -> tuple[ClusterIndex, bool]:
        """An index able to place `batch`, and whether a saved index was reused."""

    def save(self, batch: Batch, assignments: list[Assignment], window: Window,
             watermark: tuple[int, str | None]) -> None:
        """Remember the placed batch; `watermark` is the fingerprint after its commit."""


class FileIndex:
    """The single-machine default: `<data_dir>/dedupe/index-<key>.npz`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._index: ClusterIndex | None = None
        self._seen: dict[str, float] = {}

    def index_for(self, batch, window):
        path = index_path(self.data_dir, window.config)
        loaded = load_index(path, window.config, window.watermark, window.since)
        if loaded:
            self._index, self._seen = loaded[0], loaded[1].last_seen
        else:
            self._index, self._seen = window.everything()
        return self._index, bool(loaded)

    def save(self, batch, assignments, window, watermark):
        assert self._index is not None, "save() before index_for()"
        seen = {**self._seen, **{self._index.resolve(a.cluster_id): window.now.timestamp()
                                 for a in assignments}}
        save_index(index_path(self.data_dir, window.config), self._index,
                   IndexState(watermark, window.since, seen))


class RedisIndex:
    """The window's band tables in Redis (redis_bands.py), shared by every worker."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis  # only users of a shared index need the client loaded

        _check_db(url)
        self.url, self.prefix, self._errors = url, prefix, redis.RedisError
        try:
            self.params = {**redis.connection.parse_url(url),
                           "socket_connect_timeout": 5, "socket_timeout": 120}
            with redis.Redis(**self.params) as probe:
                probe.ping()
        except (redis.RedisError, ValueError, OSError) as exc:
            raise self._unavailable(exc) from exc
        self._bands: "RedisBands | None" = None  # imported when first used

    def index_for(self, batch, window):
        try:
            return self._index_for(batch, window)
        except self._errors as exc:
            raise self._unavailable(exc) from exc

    def save(self, batch, assignments, window, watermark):
        try:
            # under the lock since index_for looked the batch up: reuse what it read
            self._bands.insert(batch.ids, batch.values, batch.lead, looked_up=True)
            self._bands.set_state(watermark, window.since)
        except self._errors as exc:
            raise self._unavailable(exc) from exc

    def _index_for(self, batch: Batch, window: Window) -> tuple[ClusterIndex, bool]:
        from .redis_bands import RedisBands

        bands = self._bands = RedisBands(self.params, self.prefix, window.config)
        state = bands.state()
        if (state is None or state["watermark"] != window.watermark
                or state["since"] > window.since.timestamp()
                or not bands.fits(state["articles"] + len(batch))):
            # Missing, behind the store (a run killed after its commit), narrower than the
            # window asked for, or partitioned for a window of another size: rebuild.
            return self._rebuild(bands, batch, window), False
        if state["since"] < window.since.timestamp():  # the window moved: drop what left it
            gone = window.signed(window.expired(
                datetime.fromtimestamp(state["since"], timezone.utc)))
            bands.remove(gone.ids, gone.values, gone.lead)
            bands.set_state(window.watermark, window.since)
        return window.rows(bands.candidates(batch.values, batch.lead, keep=True)), True

    def _rebuild(self, bands, batch: Batch, window: Window) -> ClusterIndex:
        # Only the band tables are rebuilt: the batch then reads its candidates' rows, as
        # on any other run (a million-article window as an index would take minutes).
        ids, values, lead = window.signatures()
        bands.clear(articles=len(ids) + len(batch))
        bands.bulk_load(ids, values, lead)
        bands.set_state(window.watermark, window.since)
        return window.rows(bands.candidates(batch.values, batch.lead, keep=True))

    def _unavailable(self, exc: Exception) -> IndexUnavailable:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return IndexUnavailable(f"cannot reach the shared index {shown_url(self.url)}: {reason}")


def _check_db(url: str) -> None:
    """redis://host/abc would silently mean db 0: the db must be a number, if given."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise BadIndexURL(f"index URL {shown_url(url)}: expected redis://host:port/DB")
    db = parts.path.strip("/")
    if parts.scheme != "unix" and db and not db.isdigit():
        raise BadIndexURL(f"index URL {shown_url(url)}: the Redis database {db!r} is not a "
                          "number (e.g. redis://127.0.0.1:6379/0)")


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

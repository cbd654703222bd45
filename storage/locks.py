"""One run per store at a time: a second run started on the same store refuses at once.

SQLite: an OS file lock beside the database (released by the kernel if the process dies).
PostgreSQL: a session advisory lock held for the run, and a lease row renewed beside it that
outlives a dropped connection (leases.py).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from .engine import Store, sqlite_file
from .leases import StoreBusy, run_lease
from .timeutil import utcnow

__all__ = ["StoreBusy", "assignment_lock", "exclusive_run", "shard_run"]

_ADVISORY_KEY = 0x6E6577736D6F6E  # "newsmon"
# Cluster assignment (read index -> assign -> write memberships -> save index) by any
# process, and one key per shard of a sharded run: other keys than the run lock's.
_ASSIGN_KEY = _ADVISORY_KEY + 1
_SHARD_KEY = _ADVISORY_KEY + 0x10000
# The OS lock belongs to the process: stages nested inside a flow run of the same process
# re-enter it instead of locking themselves out. Keyed by store URL.
_held: dict[str, int] = {}
_guard = threading.Lock()


@contextmanager
def exclusive_run(store: Store, what: str) -> Iterator[None]:
    """Hold the store's run lock for the block; raise StoreBusy when another run has it."""
    with _guard:
        if _held.get(store.url):
            _held[store.url] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[store.url] -= 1
        return
    with (_file_lock(store, what) if store.is_sqlite
          else run_lease(store, "run", what, _ADVISORY_KEY)):
        with _guard:
            _held[store.url] = 1
        try:
            yield
        finally:
            with _guard:
                _held.pop(store.url, None)


@contextmanager
def shard_run(store: Store, what: str, shard: int, shards: int) -> Iterator[None]:
    """Hold shard `shard` of `shards` for the block: the pieces of one sharded run (on
    other workers, while the flow holds `exclusive_run`) never run twice at once."""
    name = f"shard-{shard}-of-{shards}"
    if store.is_sqlite:
        with _file_lock(store, f"{what} {name}", f"newsmon.{name}.lock"):
            yield
    else:
        with run_lease(store, name, f"{what} {name}", _SHARD_KEY + shards * 1024 + shard):
            yield


@contextmanager
def assignment_lock(store: Store, timeout: float = 600.0) -> Iterator[None]:
    """Wait (up to `timeout` seconds) for the store's cluster-assignment lock.

    Two workers that see copies of one story at the same moment must not both found a
    cluster: whoever comes second waits, then sees the first one's memberships.
    """
    if store.is_sqlite:
        # Beside the database file, not in the data dir: two processes given different
        # --data-dir for one SQLite file must still meet on one lock.
        path = sqlite_file(store.engine).with_suffix(".assign.lock")
        with _blocking_file_lock(path, store, timeout):
            yield
        return
    conn = store.engine.connect()
    try:
        conn.execute(text(f"set lock_timeout = '{int(timeout * 1000)}ms'"))
        try:
            conn.execute(text("select pg_advisory_lock(:k)"), {"k": _ASSIGN_KEY})
        except OperationalError:
            raise StoreBusy(f"store {store.shown}: waited {timeout:.0f} s for another "
                            "worker's cluster assignment; try again") from None
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("select pg_advisory_unlock(:k)"), {"k": _ASSIGN_KEY})
            conn.execute(text("reset lock_timeout"))  # the connection goes back to the pool
            conn.commit()
    finally:
        conn.close()


@contextmanager
def _blocking_file_lock(path, store: Store, timeout: float) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreBusy(f"store {store.shown}: waited {timeout:.0f} s for "
                                    "another worker's cluster assignment; try again") from None
                time.sleep(0.05)  # polled: flock has no timeout of its own
        yield
    finally:
        os.close(fd)


@contextmanager
def _file_lock(store: Store, what: str, name: str = "newsmon.run.lock") -> Iterator[None]:
    path = store.data_dir / name
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 300, 0).decode(errors="replace").strip() or "another run"
            raise StoreBusy(f"store {store.shown} is in use by {holder}; "
                            "wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"newsmon {what} (pid {os.getpid()}, since {utcnow():%Y-%m-%d %H:%M:%S} "
                      "UTC)".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


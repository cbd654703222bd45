"""One run per store at a time: a second run started on the same store refuses at once.

SQLite: an OS file lock beside the database (released by the kernel if the process dies).
PostgreSQL: a session advisory lock on a connection held for the run (released when the
session ends, so a killed run never leaves the store locked).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from .engine import Store
from .errors import StoreError
from .timeutil import utcnow

_ADVISORY_KEY = 0x6E6577736D6F6E  # "newsmon"
# The OS lock belongs to the process: stages nested inside a flow run of the same process
# re-enter it instead of locking themselves out. Keyed by store URL.
_held: dict[str, int] = {}
_guard = threading.Lock()


class StoreBusy(StoreError):
    """Another newsmon run holds the store."""

    exit_code = 1


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
    with (_file_lock(store, what) if store.is_sqlite else _advisory_lock(store)):
        with _guard:
            _held[store.url] = 1
        try:
            yield
        finally:
            with _guard:
                _held.pop(store.url, None)


@contextmanager
def _file_lock(store: Store, what: str) -> Iterator[None]:
    path = store.data_dir / "newsmon.run.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 300, 0).decode(errors="replace").strip() or "another run"
            raise StoreBusy(f"store {_shown(store)} is in use by {holder}; "
                            "wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"newsmon {what} (pid {os.getpid()}, since {utcnow():%Y-%m-%d %H:%M:%S} "
                      "UTC)".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def _advisory_lock(store: Store) -> Iterator[None]:
    conn = store.engine.connect()
    try:
        got = conn.execute(text("select pg_try_advisory_lock(:k)"), {"k": _ADVISORY_KEY}).scalar()
        conn.commit()
        if not got:
            raise StoreBusy(f"store {_shown(store)} is in use by another newsmon run; "
                            "wait for it to finish")
        try:
            yield
        finally:
            conn.execute(text("select pg_advisory_unlock(:k)"), {"k": _ADVISORY_KEY})
            conn.commit()
    finally:
        conn.close()


def _shown(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=True)

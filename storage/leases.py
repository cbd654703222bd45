"""The run lock of a PostgreSQL store: an advisory lock, and a lease that outlives it.

An advisory lock belongs to its connection: when the connection drops (a terminated backend,
a database restart) the lock is gone while the run goes on, and a second run could start
beside it. So the holder also writes a lease row and renews it every few seconds from a
thread; a run refuses a store whose lease another live run renews. A run that cannot renew
for GIVE_UP_AFTER seconds, or finds its lease taken, stops itself (RunLockLost in its main
thread), well before its lease goes stale for others. A holder on this host whose process is
gone frees the lease at once (a killed run must not block the next for minutes).
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Connection, select, text

from .engine import Store
from .errors import StoreError
from .schema import run_leases
from .timeutil import as_utc, utcnow

RENEW_EVERY = 5.0
GIVE_UP_AFTER = 45.0  # no renewal this long: this run stops itself...
STALE_AFTER = 120.0  # ...long before its lease is taken as a dead run's


class StoreBusy(StoreError):
    """Another newsmon run holds the store."""

    exit_code = 1


class RunLockLost(KeyboardInterrupt):
    """This run can no longer be sure it is the only one: it stops (raised in the main thread,
    like Ctrl-C, so every layer stops cleanly on the way out)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@contextmanager
def run_lease(store: Store, name: str, what: str, key: int) -> Iterator[None]:
    """Hold advisory lock `key` and lease `name` for the block; StoreBusy if another run has
    either."""
    keeper = _Keeper(store, name, key,
                     f"newsmon {what} (pid {os.getpid()} on {socket.gethostname()}, "
                     f"{uuid.uuid4().hex[:8]})")
    keeper.take()
    previous = _arm(keeper)
    try:
        keeper.start()
        yield
    finally:
        keeper.stop()
        if previous is not None:
            signal.signal(signal.SIGUSR1, previous)
    if keeper.lost:
        raise RunLockLost(keeper.lost)


def _arm(keeper: "_Keeper"):
    """In the main thread: SIGUSR1 (sent by the keeper) raises RunLockLost there."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(_signum, _frame):
        raise RunLockLost(keeper.lost or "the store's run lock was lost")
    keeper.can_interrupt = True
    return signal.signal(signal.SIGUSR1, handler)


class _Keeper(threading.Thread):
    def __init__(self, store: Store, name: str, key: int, holder: str) -> None:
        super().__init__(name=f"newsmon-lease-{name}", daemon=True)
        self.store, self.lease, self.key, self.holder = store, name, key, holder
        self.conn: Connection | None = None  # the advisory lock's session
        self.lost = ""
        self.can_interrupt = False
        self._done = threading.Event()

    def take(self) -> None:
        self.conn = self._advisory()
        if self.conn is None:
            raise StoreBusy(f"store {self.store.shown} ({self.lease}) is in use by another "
                            "newsmon run; wait for it to finish")
        try:
            with self.store.begin() as tx:
                row = tx.execute(select(run_leases).where(run_leases.c.name == self.lease)
                                 .with_for_update()).first()
                if row is not None and _alive(row):
                    age = (utcnow() - as_utc(row.renewed_at)).total_seconds()
                    raise StoreBusy(f"store {self.store.shown} ({self.lease}) is in use by "
                                    f"{row.holder}, which renewed its lock {age:.0f} s ago; "
                                    "wait for it to finish")
                tx.execute(run_leases.delete().where(run_leases.c.name == self.lease))
                tx.execute(run_leases.insert().values(name=self.lease, holder=self.holder,
                                                      renewed_at=utcnow()))
        except BaseException:
            self._unlock()
            raise

    def run(self) -> None:
        last_ok = time.monotonic()
        while not self._done.wait(RENEW_EVERY):
            try:
                if not self._renew():
                    return self._lose("another run took the store over after this run's "
                                      "lock lapsed")
                last_ok = time.monotonic()
                self._check_advisory()
            except Exception:  # noqa: BLE001 - the database is away: retried next beat
                if time.monotonic() - last_ok > GIVE_UP_AFTER:
                    return self._lose(f"the database could not be reached for "
                                      f"{GIVE_UP_AFTER:.0f} s, so the store's run lock may "
                                      "have lapsed")

    def stop(self) -> None:
        self._done.set()
        if self.is_alive():
            self.join(timeout=RENEW_EVERY + 30)
        try:
            with self.store.begin() as tx:
                tx.execute(run_leases.delete().where((run_leases.c.name == self.lease)
                                                     & (run_leases.c.holder == self.holder)))
        except Exception:  # noqa: BLE001 - a lease left behind goes stale (or its pid is gone)
            pass
        self._unlock()

    def _renew(self) -> bool:
        with self.store.begin() as tx:
            done = tx.execute(run_leases.update().where(
                (run_leases.c.name == self.lease) & (run_leases.c.holder == self.holder))
                .values(renewed_at=utcnow()))
            return done.rowcount == 1

    def _check_advisory(self) -> None:
        """Re-take the advisory lock on a new session if its connection dropped."""
        try:
            assert self.conn is not None
            self.conn.execute(text("select 1"))
            self.conn.commit()
        except Exception:  # noqa: BLE001 - the session is gone, and its lock with it
            self._close()
            self.conn = self._advisory()

    def _advisory(self) -> Connection | None:
        conn = self.store.engine.connect()
        got = conn.execute(text("select pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
        conn.commit()
        if not got:
            conn.close()
            return None
        return conn

    def _lose(self, why: str) -> None:
        self.lost = f"stopped: {why}; the next run completes what this one left"
        if self.can_interrupt:  # a real signal: it also wakes a main thread that waits
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGUSR1)

    def _unlock(self) -> None:
        if self.conn is None:
            return
        try:
            self.conn.execute(text("select pg_advisory_unlock(:k)"), {"k": self.key})
            self.conn.commit()
        except Exception:  # noqa: BLE001 - a dropped session has released it already
            pass
        self._close()

    def _close(self) -> None:
        try:
            if self.conn is not None:
                self.conn.close()
        except Exception:  # noqa: BLE001
            pass
        self.conn = None


def _alive(row) -> bool:
    """Whether the lease's holder may still be running."""
    if utcnow() - as_utc(row.renewed_at) > timedelta(seconds=STALE_AFTER):
        return False
    pid, host = _pid_host(row.holder)
    if host == socket.gethostname() and pid is not None:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    return True


def _pid_host(holder: str) -> tuple[int | None, str | None]:
    try:
        inside = holder.rsplit("(pid ", 1)[1]
        pid, rest = inside.split(" on ", 1)
        return int(pid), rest.split(",", 1)[0]
    except (IndexError, ValueError):
        return None, None


"""The run lock of a PostgreSQL store holds when its connection does not: backends
terminated (as a database restart does) must not let a second run in, a run that finds its
lease taken stops itself, and a killed holder frees the store at once."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import psycopg
import pytest

import storage
from storage.leases import RENEW_EVERY, RunLockLost
from storage.locks import exclusive_run
from tests.conftest import PG_ADMIN

pytestmark = pytest.mark.services

_TRY = textwrap.dedent("""
    import sys, time, storage
    from storage.locks import StoreBusy, exclusive_run
    store = storage.open_store(sys.argv[1], sys.argv[2])
    try:
        with exclusive_run(store, "second run"):
            print("got", flush=True)
            time.sleep(float(sys.argv[3]))
    except StoreBusy as exc:
        print("busy", exc, flush=True)
""")


def _second_run(url: str, data_dir, hold: float = 0.0) -> str:
    done = subprocess.run([sys.executable, "-c", _TRY, url, str(data_dir), str(hold)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def _terminate_backends(url: str) -> int:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        return len(conn.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                                "where datname = %s and pid <> pg_backend_pid()",
                                (name,)).fetchall())


def test_terminated_backends_do_not_let_a_second_run_in(postgres_url, tmp_path):
    store = storage.open_store(postgres_url, tmp_path)
    try:
        with exclusive_run(store, "first run"):
            assert _terminate_backends(postgres_url) >= 1  # the advisory lock's session too
            refused = _second_run(postgres_url, tmp_path)
            assert refused.startswith("busy") and "first run" in refused, refused
            time.sleep(RENEW_EVERY * 2 + 1)  # the keeper re-takes the advisory lock
            with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + postgres_url.rsplit("/", 1)[1],
                                 autocommit=True) as conn:
                held = conn.execute("select count(*) from pg_locks where locktype = 'advisory'"
                                    ).fetchone()[0]
            assert held >= 1, "the advisory lock was not taken again"
            assert _second_run(postgres_url, tmp_path).startswith("busy")
        assert _second_run(postgres_url, tmp_path) == "got"  # released at the end
    finally:
        store.close()


def test_a_run_whose_lease_was_taken_stops_itself(postgres_url, tmp_path):
    store = storage.open_store(postgres_url, tmp_path)
    try:
        started = time.monotonic()
        with pytest.raises(RunLockLost, match="took the store over"):
            with exclusive_run(store, "first run"):
                with store.begin() as conn:  # as a second run does once a lease went stale
                    conn.execute(storage.schema.run_leases.update().values(holder="someone else"))
                time.sleep(RENEW_EVERY * 4)
                pytest.fail("the run went on without its lock")
        assert time.monotonic() - started < RENEW_EVERY * 3
    finally:
        store.close()


def test_a_killed_holder_frees_the_store_at_once(postgres_url, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", _TRY, postgres_url, str(tmp_path), "60"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "got"
        assert _second_run(postgres_url, tmp_path).startswith("busy")
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        assert _second_run(postgres_url, tmp_path) == "got"
    finally:
        if holder.poll() is None:
            holder.kill()

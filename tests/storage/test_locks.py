"""One run per store: a second run refuses with one line; a killed run never leaves a lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import storage
from storage.locks import StoreBusy, exclusive_run

HOLDER = textwrap.dedent("""
    import sys, time
    import storage
    from storage.locks import exclusive_run
    store = storage.open_store(sys.argv[1])
    with exclusive_run(store, "crawl"):
        print("held", flush=True)
        time.sleep(120)
""")


def _hold(url):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_run_refuses_and_a_killed_holder_frees_the_store(store_url):
    store = storage.open_store(store_url)
    holder = _hold(store_url)
    try:
        with pytest.raises(StoreBusy) as info:
            with exclusive_run(store, "dedupe"):
                pass
        assert "in use by" in str(info.value) and "\n" not in str(info.value)
        if store.is_sqlite:
            assert f"pid {holder.pid}" in str(info.value)  # says who holds it
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    deadline = time.monotonic() + 10
    while True:  # PostgreSQL notices the dead session a moment later
        try:
            with exclusive_run(store, "dedupe"):
                break
        except StoreBusy:
            assert time.monotonic() < deadline, "the killed run's lock was never released"
            time.sleep(0.2)
    store.close()


def test_the_same_process_reenters_its_own_lock(store_url):
    store = storage.open_store(store_url)
    with exclusive_run(store, "flow"):
        with exclusive_run(store, "crawl"):  # a stage inside the flow of the same process
            pass
        with exclusive_run(store, "extract"):
            pass
    holder = _hold(store_url)  # and it is free again afterwards
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    store.close()


def test_a_busy_store_is_one_line_and_exit_1_on_the_command_line(sqlite_url, tmp_path):
    holder = _hold(sqlite_url)
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
    try:
        result = subprocess.run([sys.executable, "-m", "newsmon", "dedupe", "--config",
                                 str(config), "--store", sqlite_url], capture_output=True,
                                text=True, timeout=120)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert result.returncode == 1
    assert result.stderr.strip().startswith("newsmon: store ")
    assert "is in use by newsmon crawl" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

"""Two runs on one store at once: the second refuses with one line and corrupts nothing.

`newsmon run` takes the store's run lock before Prefect starts; the daily flow takes it again
(re-entrant in-process) so a flow run started any other way (a deployment, a worker) cannot
interleave with another run either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import func, select

import storage
from flows import daily
from newsmon.demo import DemoWeb, write_sources_yaml
from storage.locks import StoreBusy
from storage.schema import pages, runs

HOLDER = textwrap.dedent("""
    import sys, time
    import storage
    from storage.locks import exclusive_run
    store = storage.open_store(sys.argv[1], sys.argv[2])
    with exclusive_run(store, "crawl"):
        print("held", flush=True)
        time.sleep(120)
""")


def _hold(url, data_dir):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url, str(data_dir)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def _count(url, data_dir, table) -> int:
    store = storage.open_store(url, data_dir)
    try:
        with store.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()
    finally:
        store.close()


def test_a_flow_run_on_a_busy_store_refuses_before_doing_anything(store_url, tmp_path):
    holder = _hold(store_url, tmp_path / "files")
    try:
        with prefect_test_harness(server_startup_timeout=120):
            with pytest.raises(StoreBusy, match="in use by"):
                daily(config_path=str(tmp_path / "none.yaml"), store_url=store_url,
                      data_dir=str(tmp_path / "files"), run_date="2026-11-25")
    finally:
        holder.kill()
        holder.wait()
    assert _count(store_url, tmp_path / "files", runs) == 0


def _run(config, store, tmp_path, name):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / f"prefect-{name}")}
    return subprocess.Popen([sys.executable, "-m", "newsmon", "run", "--config", str(config),
                             "--store", store, "--date", "2026-11-25"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_runs_started_at_once_one_refuses_in_one_line_and_nothing_is_corrupted(
        sqlite_url, tmp_path):
    with DemoWeb(names=["daily-planet", "metro-herald", "coast-gazette"]) as web:
        config = write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        first = _run(config, sqlite_url, tmp_path, "a")
        time.sleep(0.2)
        second = _run(config, sqlite_url, tmp_path, "b")
        results = [(p, *p.communicate(timeout=300)) for p in (first, second)]
    codes = sorted(p.returncode for p, _, _ in results)
    assert codes == [0, 1], [err[-2000:] for _, _, err in results]
    refused = next(err for p, _, err in results if p.returncode == 1).strip().splitlines()
    assert len(refused) == 1 and "is in use by newsmon run (pid" in refused[0], refused
    out = subprocess.run([sys.executable, "-m", "newsmon", "export", "--store", sqlite_url,
                          "--format", "jsonl"], capture_output=True, text=True, timeout=120)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 19 and len({r["canonical_url"] for r in records}) == 19
    assert all(r["cluster_id"] for r in records)
    assert _count(sqlite_url, None, pages) > 19

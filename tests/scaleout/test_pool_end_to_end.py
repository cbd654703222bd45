"""The scaled-out product with real parts: a Prefect server on 127.0.0.1, a process work pool
with two workers, deployments from prefect.yaml, PostgreSQL as the store and Redis as the
shared index. The `daily-pool` run dispatches its crawl and extract shards as flow runs of
the `shard` deployment; each worker takes one flow run at a time, so while one runs the
daily flow the other must run the shards. Its export must have the same cluster memberships
(by canonical URL) as a single-process SQLite run against the SAME demo web.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import storage
from dedupe import redis_prefix
from newsmon.demo import DemoWeb, write_sources_yaml

from tests.scaleout.conftest import drop_prefix
from tests.scaleout.prefect_stack import PrefectStack

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
RUN_DATE = "2026-11-25"
POOL = "newsmon"  # the pool prefect.yaml names


def _newsmon(*args, env):
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            text=True, env=env, timeout=600)
    assert result.returncode == 0, f"newsmon {' '.join(args)}:\n{result.stderr[-3000:]}"
    return result.stdout


def _memberships(store: str, env) -> tuple[set[frozenset[str]], int]:
    """Clusters as sets of canonical URLs, and how many records were exported."""
    records = [json.loads(line) for line in
               _newsmon("export", "--store", store, "--format", "jsonl", env=env).splitlines()]
    clusters = defaultdict(set)
    for r in records:
        assert r["cluster_id"], f"unclustered: {r['canonical_url']}"
        clusters[r["cluster_id"]].add(r["canonical_url"])
    return {frozenset(urls) for urls in clusters.values()}, len(records)


def _submitted(log: str) -> set[str]:
    """Flow runs this worker started. Not "submitting flow run": both workers may race for
    one run, and the loser logs that line too before the server turns it away."""
    return set(re.findall(r"Flow run '([^']+)' submitted to infrastructure", log))


def test_two_workers_on_postgresql_and_redis_cluster_like_one_sqlite_process(
        tmp_path, postgres_url, redis_url):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "ref-prefect")}
    env.pop("PREFECT_API_URL", None)
    try:
        with DemoWeb() as web:
            config = write_sources_yaml(tmp_path / "sources.yaml", web.sites)
            reference = f"sqlite:///{tmp_path / 'ref' / 'newsmon.db'}"
            _newsmon("run", "--config", str(config), "--store", reference, "--date", RUN_DATE,
                     env=env)
            with PrefectStack(tmp_path / "prefect") as stack:
                stack.cli("work-pool", "create", POOL, "--type", "process")
                stack.cli("deploy", "--name", "daily-pool", "--name", "shard", cwd=ROOT)
                stack.worker("w1", POOL)
                stack.worker("w2", POOL)
                run = stack.cli(
                    "deployment", "run", "newsmon-daily/daily-pool", "--watch",
                    "--watch-timeout", "420", "--param", f"config_path={config}",
                    "--param", f"store_url={postgres_url}",
                    "--param", f"data_dir={tmp_path / 'pool-files'}",
                    "--param", f"run_date={RUN_DATE}", "--param", f"index_url={redis_url}",
                    "--param", "shards=2", timeout=480)
                assert "Completed" in run.stdout, run.stdout[-3000:]
                ran = {name: _submitted(stack.log(name)) for name in ("w1", "w2")}
        assert all(ran.values()), f"a worker ran nothing: {ran}"
        assert sum(len(ids) for ids in ran.values()) == 5  # daily + 2 crawl + 2 extract
        expected, count = _memberships(reference, env)
        got, got_count = _memberships(postgres_url, env)
        assert got_count == count == 25
        assert got == expected
        assert max(len(c) for c in got) >= 3  # there was syndication to find
        store = storage.open_store(postgres_url, tmp_path / "pool-files")
        with store.connect() as conn:
            stages = sorted((r.stage, r.status) for r in storage.recent_runs(conn, 20))
        store.close()
        assert stages == [("crawl", "done")] * 2 + [("dedupe", "done")] + [("extract", "done")] * 2
    finally:
        drop_prefix(redis_prefix(postgres_url))

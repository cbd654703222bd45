"""Kill the run (SIGKILL, every process of it) at random moments in each stage, then run again:
the final export must equal an uninterrupted run's. Nothing lost, nothing duplicated.

On SQLite with the index file, and on PostgreSQL with the index in Redis (the scaled-out
set-up), each compared with an uninterrupted SQLite run against the same demo web."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict

import pytest

from tests.scaleout.conftest import redis_url  # noqa: F401 - fixture
from newsmon.demo import DemoWeb, write_sources_yaml

pytestmark = pytest.mark.slow
STAGES = ("crawl", "extract", "dedupe")
# Kills per stage per test; `NEWSMON_CRASH_KILLS=20 pytest tests/test_crash_safety.py` soaks.
KILLS_PER_STAGE = int(os.environ.get("NEWSMON_CRASH_KILLS", "3"))


def _newsmon(*args, check=True, env=None):
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            text=True, timeout=600, env=env)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def _kill_during(args, delay: float, env=None) -> None:
    """Start a stage and SIGKILL its whole process group after `delay` seconds."""
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", *args], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _full_run(common, env=None) -> dict[str, float]:
    """Run every stage; seconds each took (start-up included)."""
    took = {}
    for stage in STAGES:
        started = time.monotonic()
        _newsmon(stage, *common, env=env)
        took[stage] = time.monotonic() - started
    return took


def _snapshot(store):
    """What must not depend on crashes: records (minus fetch times) and the cluster partition."""
    out = _newsmon("export", "--store", store, "--format", "jsonl").stdout
    records = [json.loads(line) for line in out.splitlines()]
    members = defaultdict(set)
    for r in records:
        members[r["cluster_id"]].add(r["id"])
    stable = sorted((r["id"], r["canonical_url"], r["title"], r["text"], r["content_hash"],
                     r["published"]) for r in records)
    return stable, sorted(sorted(ids) for ids in members.values())


def _crash_then_compare(tmp_path, crashed: str, kills: int, extra=(), env=None) -> None:
    rng = random.Random(20261125)
    with DemoWeb(names=["daily-planet", "metro-herald", "coast-gazette"]) as web:
        config = str(write_sources_yaml(tmp_path / "sources.yaml", web.sites))
        reference = f"sqlite:///{tmp_path / 'ref' / 'n.db'}"
        took = _full_run(["--config", config, "--store", reference, "--date", "2026-11-25"])
        common = ["--config", config, "--store", crashed, "--date", "2026-11-25", *extra]
        for stage in STAGES:
            for _ in range(kills):
                # A random moment of the stage's own run time (the uninterrupted reference
                # run's), so kills land in its work, not only in start-up or after it ended.
                _kill_during([stage, *common], rng.uniform(0.3, 1.0) * took[stage], env)
            _newsmon(stage, *common, env=env)  # the next run completes what the killed left
        _full_run(common, env)  # and a further run adds nothing
        expected, got = _snapshot(reference), _snapshot(crashed)
    assert got[0] == expected[0], "records differ after killed runs:\n" + _differences(
        expected[0], got[0])
    assert got[1] == expected[1], "cluster memberships differ after killed runs"
    assert len(got[0]) == 19


def _differences(expected, got) -> str:
    """Which record and field differ, readably (the tuples hold whole article texts)."""
    fields = ("id", "canonical_url", "title", "text", "content_hash", "published")
    want, have = {r[0]: r for r in expected}, {r[0]: r for r in got}
    lines = [f"missing {i}" for i in want.keys() - have.keys()]
    lines += [f"extra {i}" for i in have.keys() - want.keys()]
    for i in want.keys() & have.keys():
        lines += [f"{i} {f}: {a!r:.120} != {b!r:.120}"
                  for f, a, b in zip(fields, want[i], have[i]) if a != b]
    return "\n".join(lines) or f"same ids, order or duplicates differ ({len(got)} records)"


def test_killed_runs_end_like_an_uninterrupted_one(tmp_path):
    _crash_then_compare(tmp_path, f"sqlite:///{tmp_path / 'crashed' / 'n.db'}",
                        KILLS_PER_STAGE)


def test_killed_runs_on_postgresql_and_redis_end_like_an_uninterrupted_one(
        tmp_path, postgres_url, redis_url):
    from dedupe import redis_prefix
    from tests.scaleout.conftest import drop_prefix

    env = {**os.environ, "NEWSMON_INDEX_URL": redis_url}
    try:
        _crash_then_compare(tmp_path, postgres_url, KILLS_PER_STAGE,
                            ["--data-dir", str(tmp_path / "crashed-files")], env)
    finally:
        drop_prefix(redis_prefix(postgres_url))

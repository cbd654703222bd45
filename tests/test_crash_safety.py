"""Kill the run (SIGKILL, every process of it) at random moments in each stage, then run again:
the final export must equal an uninterrupted run's. Nothing lost, nothing duplicated."""

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

from newsmon.demo import DemoWeb, write_sources_yaml

pytestmark = pytest.mark.slow
STAGES = ("crawl", "extract", "dedupe")
KILLS_PER_STAGE = 3


def _newsmon(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def _kill_during(args, delay: float) -> None:
    """Start a stage and SIGKILL its whole process group after `delay` seconds."""
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", *args], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _full_run(common):
    for stage in STAGES:
        _newsmon(stage, *common)


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


def test_killed_runs_end_like_an_uninterrupted_one(tmp_path):
    rng = random.Random(20261125)
    with DemoWeb(names=["daily-planet", "metro-herald", "coast-gazette"]) as web:
        config = str(write_sources_yaml(tmp_path / "sources.yaml", web.sites))
        reference = f"sqlite:///{tmp_path / 'ref' / 'n.db'}"
        _full_run(["--config", config, "--store", reference, "--date", "2026-11-25"])
        crashed = f"sqlite:///{tmp_path / 'crashed' / 'n.db'}"
        common = ["--config", config, "--store", crashed, "--date", "2026-11-25"]
        for stage in STAGES:
            for _ in range(KILLS_PER_STAGE):
                _kill_during([stage, *common], rng.uniform(0.5, 4.0))
            _newsmon(stage, *common)  # the next run completes what the killed ones left
        _full_run(common)  # and a further run adds nothing
        expected, got = _snapshot(reference), _snapshot(crashed)
    assert got[0] == expected[0], "records differ after killed runs"
    assert got[1] == expected[1], "cluster memberships differ after killed runs"
    assert len(got[0]) == 19

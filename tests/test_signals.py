"""Stop `newsmon run` the ways an operator does (SIGTERM from a service manager to the main
process, Ctrl-C to the whole process group, a second Ctrl-C), at a moment proven to be inside
the crawl; the next run must complete what was left: the same records and clusters as an
uninterrupted run, and nothing the stopped run started left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

import pytest

import storage
from newsmon.core.settings import resolve_settings
from newsmon.core.stages import run_stage
from newsmon.demo import DemoWeb, write_sources_yaml

pytestmark = pytest.mark.slow
SITES = ["daily-planet", "metro-herald", "coast-gazette"]
DAY = "2026-11-25"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """The demo web, a slow sources file (to stop a run in) and a fast one (to finish with),
    and the snapshot of an uninterrupted crawl, extract and dedupe of it."""
    tmp = tmp_path_factory.mktemp("signals")
    with DemoWeb(names=SITES) as demo:
        slow = write_sources_yaml(tmp / "slow.yaml", demo.sites, 0.25)
        fast = write_sources_yaml(tmp / "fast.yaml", demo.sites)
        reference = f"sqlite:///{tmp / 'ref' / 'n.db'}"
        _complete(fast, reference, tmp / "ref")
        yield slow, fast, _snapshot(reference, tmp / "ref")


def _complete(config: Path, store_url: str, data_dir: Path) -> None:
    settings = resolve_settings(config=config, store=store_url, data_dir=data_dir, workers=1)
    for stage in ("crawl", "extract", "dedupe"):
        run_stage(stage, settings, DAY)


def _snapshot(store_url: str, data_dir: Path):
    """Records (minus fetch times and ids that follow fetch order) and the cluster partition."""
    store = storage.open_store(store_url, data_dir)
    try:
        with store.connect() as conn:
            records = list(storage.iter_export_records(conn))
    finally:
        store.close()
    members = defaultdict(set)
    for r in records:
        members[r["cluster_id"]].add(r["id"])
    stable = sorted((r["id"], r["canonical_url"], r["title"], r["text"], r["content_hash"])
                    for r in records)
    return stable, sorted(sorted(ids) for ids in members.values())


def _inside_the_crawl(logs: Path, proc: subprocess.Popen, requests: int = 8) -> dict:
    """Wait until the crawl has sent `requests` requests and is not finished: its progress."""
    from crawlers.progress import read_progress

    deadline = time.monotonic() + 240  # a temporary Prefect server starts first
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be stopped"
        for path in logs.glob("crawl-*.progress.json"):
            snapshot = read_progress(path) or {}
            sources = snapshot.get("sources") or {}
            sent = sum(s.get("requests", 0) for s in sources.values())
            if sent >= requests:
                return snapshot
        time.sleep(0.1)
    raise AssertionError("the crawl never got going")


def stopped_run(args: list[str], env: dict, wait_inside, signals: list[int], group: bool
                ) -> tuple[int, str, float]:
    """Start `newsmon run ARGS` in a session of its own, wait until `wait_inside(proc)`
    returns, send `signals` (to the whole group or to the main process alone, 0.3 s apart);
    (exit code, stderr, seconds from the last signal to the exit)."""
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", "run", *args],
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_inside(proc)
        for n, sig in enumerate(signals):
            if n:
                time.sleep(0.3)
            if group:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        sent = time.monotonic()
        _, stderr = proc.communicate(timeout=120)
        return proc.returncode, stderr, time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def _left_running(marker: str) -> list[int]:
    """Processes still carrying the stopped run's environment marker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("signals, group", [
    ([signal.SIGTERM], False),   # systemctl stop (KillMode=mixed), kill PID
    ([signal.SIGINT], True),     # Ctrl-C in the terminal
    ([signal.SIGINT, signal.SIGINT], True),  # Ctrl-C twice: exit at once
    ([signal.SIGKILL], True),    # the OOM killer, a power cut of the process
], ids=["sigterm-main", "ctrl-c-group", "ctrl-c-twice", "sigkill-group"])
def test_a_stopped_run_loses_nothing_and_the_next_run_completes_it(web, tmp_path, signals,
                                                                   group):
    slow, fast, expected = web
    data = tmp_path / "data"
    store_url = f"sqlite:///{data / 'n.db'}"
    marker = f"NEWSMON_TEST_RUN={uuid.uuid4().hex}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1],
           "PREFECT_HOME": str(tmp_path / "prefect")}
    code, stderr, took = stopped_run(
        ["--config", str(slow), "--store", store_url, "--date", DAY], env,
        lambda proc: _inside_the_crawl(data / "logs", proc), signals, group)
    killed = -signal.SIGKILL if signals[0] == signal.SIGKILL else 128 + signals[0]
    assert code == killed, stderr[-3000:]
    assert took < 60, f"stopping took {took:.0f} s"
    time.sleep(1.0)
    assert not _left_running(marker), "the stopped run left processes behind"
    if len(signals) == 1 and signals[0] != signal.SIGKILL:
        assert "stopped by" in stderr and "Traceback" not in stderr, stderr[-3000:]
        store = storage.open_store(store_url, data)
        try:
            with store.connect() as conn:
                crawl = storage.recent_runs(conn, 5, "crawl")[0]
        finally:
            store.close()
        assert (crawl.status, crawl.error) == (
            "interrupted", f"interrupted by {signal.Signals(signals[0]).name}")
    _complete(fast, store_url, data)
    got = _snapshot(store_url, data)
    assert got[0] == expected[0], "records differ after the stopped run"
    assert got[1] == expected[1], "clusters differ after the stopped run"

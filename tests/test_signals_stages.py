"""Stop `newsmon run` inside its extract and dedupe stages (tests/test_signals.py stops it
inside the crawl): SIGTERM to the main process, Ctrl-C to the group, each at a moment
proven to be inside the stage; the next run must complete what was left and give
the same records and clusters as an uninterrupted run.

The web is two sites of long pages (~0.15 s each to extract), so extraction lasts long enough
to be caught half done; dedupe is caught waiting for the store's assignment lock, which the
test holds as a second worker would.
"""

from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import threading
import time
from contextlib import contextmanager, nullcontext
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

import storage
from storage.schema import articles, runs
from tests.test_signals import _complete, _left_running, _snapshot, stopped_run

pytestmark = pytest.mark.slow
DAY = "2026-11-25"
STORIES = 10
COPIES = 4  # the first stories republished under another URL: clusters of two
# Made-up words enough that two stories share few shingles (a small vocabulary over such
# long texts would make every story a near-copy of every other).
_LETTERS = random.Random(7)
WORDS = ["".join(_LETTERS.choice("aeioubcdfghklmnprstvz") for _ in range(_LETTERS.randint(3, 9)))
         for _ in range(5000)]


def _article(story: int, copy: bool = False) -> bytes:
    rng = random.Random(story)
    credit = "<p>Republished from the wire with permission.</p>" if copy else ""
    paragraphs = credit + "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + ".</p>"
        for _ in range(800))  # ~350 KB: long enough to take a while to extract
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Story "
            f"{story}</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Story "
            f"{story} of the long read</h1><p>By Ann Writer</p><time datetime='2026-11-25'>"
            f"25 November 2026</time>{paragraphs}</article></body></html>").encode()


def _sites() -> dict[str, dict[str, tuple[int, bool]]]:
    """Paths of each site and the story each shows; the second site republishes some."""
    return {"long-read": {f"/news/2026/11/25/story-{n}": (n, False) for n in range(STORIES)},
            "wire-copies": {f"/wire/2026/11/25/copy-of-{n}": (n, True) for n in range(COPIES)}}


def _serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        body = self.pages.get(self.path.split("?")[0])
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def _long_read_web():
    """{source name: homepage URL} of the two sites, served while inside."""
    servers = {}
    for name, paths in _sites().items():
        links = "".join(f'<li><a href="{p}">Story</a></li>' for p in paths)
        pages = {p: _article(*story) for p, story in paths.items()}
        pages["/"] = (f"<!doctype html><html><head><title>{name}</title></head><body><h1>"
                      f"{name}</h1><ul>{links}</ul></body></html>").encode()
        pages["/robots.txt"] = b"User-agent: *\nAllow: /\n"
        servers[name] = _serve(pages)
    try:
        yield {name: f"http://127.0.0.1:{server.server_address[1]}/"
               for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stage-signals")
    with _long_read_web() as homes:
        config = tmp / "sources.yaml"
        config.write_text("sources:\n" + "".join(f"  - name: {name}\n    url: {home}\n"
                                                 for name, home in homes.items())
                          + "crawl:\n  download_delay: 0\n")
        reference = f"sqlite:///{tmp / 'ref' / 'n.db'}"
        _complete(config, reference, tmp / "ref")
        expected = _snapshot(reference, tmp / "ref")
        assert len(expected[0]) == STORIES + COPIES and len(expected[1]) == STORIES
        yield config, expected


def _stage_row(store_url: str, stage: str):
    """(status, error) of the stage's latest runs row, and the articles stored."""
    store = storage.open_store(store_url, create=False)
    try:
        with store.connect() as conn:
            row = conn.execute(select(runs.c.status, runs.c.error).where(
                runs.c.stage == stage).order_by(runs.c.id.desc()).limit(1)).first()
            stored = conn.execute(select(func.count()).select_from(articles)).scalar()
    finally:
        store.close()
    return (tuple(row) if row else None), stored


def _wait_inside(store_url: str, stage: str, proc: subprocess.Popen) -> None:
    """Wait until `stage` is running with work left: extract with articles still to store,
    dedupe blocked on the held lock."""
    deadline = time.monotonic() + 240  # a temporary Prefect server starts first
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be stopped"
        try:
            row, stored = _stage_row(store_url, stage)
        except storage.StoreError:
            row, stored = None, 0  # not created yet
        if row and row[0] == "running" and (stage != "extract" or stored < STORIES + COPIES):
            return
        time.sleep(0.05)
    raise AssertionError(f"{stage} never got going")


@contextmanager
def _assignment_held(data_dir: Path):
    """Hold the store's assignment lock, as another worker deduping would."""
    path = data_dir / "n.assign.lock"
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# (SIGKILL of the whole run is tested inside the crawl, tests/test_signals.py, and inside
# each stage command, tests/test_crash_safety.py.)
@pytest.mark.parametrize("stage, sig, group", [
    ("extract", signal.SIGTERM, False),  # systemctl stop
    ("dedupe", signal.SIGINT, True),     # Ctrl-C in the terminal
], ids=["extract-sigterm", "dedupe-ctrl-c"])
def test_a_run_stopped_inside_a_stage_loses_nothing(web, tmp_path, stage, sig, group):
    config, expected = web
    data = tmp_path / "data"
    data.mkdir()
    store_url = f"sqlite:///{data / 'n.db'}"
    marker = f"NEWSMON_TEST_RUN={os.getpid()}-{stage}-{sig}"
    env = {**os.environ, "NEWSMON_WORKERS": "1", "PREFECT_HOME": str(tmp_path / "prefect"),
           marker.split("=")[0]: marker.split("=")[1]}
    holder = _assignment_held(data) if stage == "dedupe" else nullcontext()
    with holder:
        code, stderr, took = stopped_run(
            ["--config", str(config), "--store", store_url, "--date", DAY], env,
            lambda proc: _wait_inside(store_url, stage, proc), [sig], group)
    assert code == 128 + sig, stderr[-3000:]
    assert took < 30, f"stopping took {took:.0f} s"
    time.sleep(1.0)
    assert not _left_running(marker), "the stopped run left processes behind"
    row, stored = _stage_row(store_url, stage)
    assert row[0] != "done", f"the signal came after the {stage} stage was done"
    if stage == "extract":
        assert stored < STORIES + COPIES, "the signal came after extraction was done"
    assert "stopped by" in stderr and "Traceback" not in stderr, stderr[-3000:]
    assert row == ("interrupted", f"interrupted by {signal.Signals(sig).name}"), row
    _complete(config, store_url, data)
    got = _snapshot(store_url, data)
    assert got[0] == expected[0], "records differ after the stopped run"
    assert got[1] == expected[1], "clusters differ after the stopped run"

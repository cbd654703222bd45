"""Live per-source progress of a crawl: a small JSON file, rewritten every few seconds, and one
log line a minute. The crawl runs in a subprocess; the parent (a CLI, a flow) reads the file
with `read_progress` and shows it however it likes.

File shape::

    {"updated": "2024-05-01T06:00:05+00:00", "run_id": 7, "run_date": "2024-05-01",
     "sources": {"daily-planet": {"state": "crawling" | "done" | "out_of_time",
                 "requests": 120, "pages": 118, "new_articles": 40, "errors": 2,
                 "queued": 35, "seconds": 122.5, "time_left": 1077.5 | null}}}
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import storage

log = logging.getLogger(__name__)


def progress_path(data_dir: str | Path, run_date: str, run_id: int) -> Path:
    """Where a crawl writes its progress: beside its log."""
    return Path(data_dir) / "logs" / f"crawl-{run_date}-{run_id}.progress.json"


def read_progress(path: str | Path) -> dict | None:
    """The latest progress a crawl wrote, or None before it wrote any (or when unreadable)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def snapshot(state) -> dict:
    sources = {}
    for name, src in state.sources.items():
        left = src.time_left()
        sources[name] = {
            "state": ("out_of_time" if src.out_of_time else "done") if src.finished_at
            else "crawling",
            "requests": src.requests, "pages": src.pages, "new_articles": src.new_articles,
            "errors": sum(src.errors.values()), "queued": len(src.frontier) + len(src.inflight),
            "seconds": round(src.seconds(), 1),
            "time_left": None if left is None else round(left, 1)}
    return {"updated": storage.iso(storage.utcnow()), "run_id": state.job.run_id,
            "run_date": state.job.run_date, "sources": sources}


class ProgressWriter:
    """Writes the file at most every `every` seconds, a log line every `log_every` seconds."""

    def __init__(self, path: str, every: float = 2.0, log_every: float = 60.0):
        self.path = Path(path) if path else None
        self.every = every
        self.log_every = log_every
        self._written = 0.0
        self._logged = time.monotonic()

    def update(self, state, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._written >= self.every:
            self._written = now
            self._write(snapshot(state))
        if now - self._logged >= self.log_every:
            self._logged = now
            log.info("progress: %s", "; ".join(_line(n, s) for n, s in
                                               snapshot(state)["sources"].items()))

    def _write(self, data: dict) -> None:
        if self.path is None:
            return
        tmp = self.path.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)  # readers never see half a file
        except OSError as exc:
            log.warning("cannot write progress to %s: %s", self.path, exc)


def _line(name: str, s: dict) -> str:
    left = "" if s["time_left"] is None else f", {s['time_left'] / 60:.0f} min left"
    return (f"{name} {s['state']} {s['requests']} req, {s['new_articles']} new, "
            f"{s['errors']} err, {s['queued']} queued{left}")

"""The crawl's live progress on the terminal: a table that updates every second on a TTY,
one line a minute otherwise (a log, a service's journal); the stage's figures follow.

The crawl process writes its progress to a file beside its log every two seconds
(crawlers.progress); this reads the newest one of the day, so it works the same for
`newsmon crawl` and for the crawl task of `newsmon run`'s flow in this process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table

LINE_EVERY = 60.0  # seconds between progress lines when not on a terminal


@contextmanager
def crawl_progress(console: Console, logs_dir: Path, run_date: str) -> Iterator[None]:
    """Show the progress of crawls of `run_date` that start while the block runs."""
    watcher = _Watcher(console, logs_dir, run_date)
    watcher.start()
    try:
        yield
    finally:
        watcher.finish()


class _Watcher(threading.Thread):
    def __init__(self, console: Console, logs_dir: Path, run_date: str) -> None:
        super().__init__(name="newsmon-crawl-progress", daemon=True)
        self.console, self.logs_dir, self.run_date = console, logs_dir, run_date
        self.since = time.time() - 1.0
        self.latest: dict | None = None
        self._done = threading.Event()
        self._live: Live | None = None
        self._last_line = time.monotonic()  # the first line after a minute: short crawls print none

    def run(self) -> None:
        while not self._done.wait(1.0):
            snapshot = self._read()
            if snapshot is None or snapshot == self.latest:
                continue
            self.latest = snapshot
            if self.console.is_terminal:
                self._show_live(snapshot)
            elif time.monotonic() - self._last_line >= LINE_EVERY:
                self._last_line = time.monotonic()
                self.console.print(progress_line(snapshot), markup=False, highlight=False)

    def finish(self) -> None:
        self._done.set()
        self.join(timeout=5)
        if self._live is not None:
            self._live.stop()  # transient: the stage's own figures follow

    def _show_live(self, snapshot: dict) -> None:
        if self._live is None:
            self._live = Live(progress_table(snapshot), console=self.console,
                              refresh_per_second=2, transient=True)
            self._live.start()
        else:
            self._live.update(progress_table(snapshot))

    def _read(self) -> dict | None:
        from crawlers.progress import read_progress  # `newsmon --help` stays light

        files = [p for p in self.logs_dir.glob(f"crawl-{self.run_date}-*.progress.json")
                 if _mtime(p) >= self.since]
        if not files:
            return None
        return read_progress(max(files, key=_mtime))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def progress_table(snapshot: dict) -> Table:
    table = Table(title="crawling", box=None, padding=(0, 1), header_style="bold")
    for name in ("source", "state", "requests", "pages", "new articles", "errors", "queued",
                 "time left"):
        table.add_column(name, no_wrap=True, justify="left" if name in ("source", "state")
                         else "right")
    for name, s in sorted((snapshot.get("sources") or {}).items()):
        left = s.get("time_left")
        table.add_row(name, s.get("state", ""), str(s.get("requests", 0)),
                      str(s.get("pages", 0)), str(s.get("new_articles", 0)),
                      str(s.get("errors", 0)), str(s.get("queued", 0)),
                      "-" if left is None else f"{left:.0f} s")
    return table


def progress_line(snapshot: dict, final: bool = False) -> str:
    """One line: the totals, then each source still crawling (every source if `final`)."""
    sources = snapshot.get("sources") or {}
    total = {k: sum(s.get(k, 0) for s in sources.values())
             for k in ("requests", "new_articles", "errors")}
    shown = sorted(sources.items()) if final else [
        (n, s) for n, s in sorted(sources.items()) if s.get("state") == "crawling"]
    parts = [f"{n} {s.get('state')} {s.get('requests', 0)} req {s.get('new_articles', 0)} new"
             + (f" {s['errors']} err" if s.get("errors") else "") for n, s in shown]
    head = "crawl ended" if final else "crawl progress"
    return (f"{head}: {len(sources)} sources, {total['requests']} requests, "
            f"{total['new_articles']} new articles, {total['errors']} errors"
            + (f"; {'; '.join(parts)}" if parts else ""))

"""The crawl's progress as `newsmon crawl`/`run` show it: read from the progress file the
crawl process writes, a live table on a terminal, a line a minute in a log."""

from __future__ import annotations

import io
import json
import time

from rich.console import Console

from newsmon.cli import crawl_progress as progress


def _write(path, requests: int, state: str = "crawling") -> None:
    path.write_text(json.dumps({"updated": "2026-12-01T10:00:00Z", "run_id": 3,
                                "run_date": "2026-12-01", "sources": {
                                    "daily-planet": {"state": state, "requests": requests,
                                                     "pages": requests - 1, "new_articles": 4,
                                                     "errors": 1, "queued": 9,
                                                     "time_left": 512.4},
                                    "metro-herald": {"state": "done", "requests": 7,
                                                     "pages": 7, "new_articles": 2,
                                                     "errors": 0, "queued": 0,
                                                     "time_left": None}}}))


def test_a_log_gets_a_line_per_interval_naming_the_sources_still_crawling(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setattr(progress, "LINE_EVERY", 0.0)
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=200)
    with progress.crawl_progress(console, tmp_path, "2026-12-01"):
        _write(tmp_path / "crawl-2026-12-01-3.progress.json", 12)
        time.sleep(2.5)
        _write(tmp_path / "crawl-2026-12-01-3.progress.json", 20)
        time.sleep(2.5)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("crawl progress: 2 sources, 19 requests, 6 new articles, 1 errors; "
                        "daily-planet crawling 12 req 4 new 1 err")
    assert lines[-1].startswith("crawl progress: 2 sources, 27 requests"), lines


def test_an_old_days_file_or_one_from_before_the_run_is_not_shown(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "LINE_EVERY", 0.0)
    _write(tmp_path / "crawl-2026-11-30-2.progress.json", 50)
    stale = tmp_path / "crawl-2026-12-01-1.progress.json"
    _write(stale, 60)
    old = time.time() - 3600
    import os
    os.utime(stale, (old, old))
    out = io.StringIO()
    with progress.crawl_progress(Console(file=out, force_terminal=False), tmp_path,
                                 "2026-12-01"):
        time.sleep(2.0)
    assert out.getvalue() == ""


def test_a_terminal_gets_a_table_with_each_sources_budget_left(tmp_path):
    table = progress.progress_table(json.loads(
        (_write(tmp_path / "p.json", 12), (tmp_path / "p.json").read_text())[1]))
    out = io.StringIO()
    Console(file=out, force_terminal=True, width=120, color_system=None).print(table)
    text = out.getvalue()
    assert "daily-planet" in text and "512 s" in text and "metro-herald" in text
    assert "time left" in text

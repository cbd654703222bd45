"""A crawl killed after storing listings but before following their links loses nothing:
the next crawl closes the dead run and fetches those listings in full, not with a 304; and
the crawler process never outlives the worker that started it.

The state a kill leaves is made exactly: one finished crawl, then its article pages removed
and a `running` crawl row that started before it (what a SIGKILL at that moment leaves).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

import storage
from newsmon.core.settings import resolve_settings
from newsmon.core.stages import run_stage
from newsmon.demo import DemoWeb, write_sources_yaml
from storage.schema import pages, runs


def _articles(store) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(pages)
                            .where(pages.c.kind == "article")).scalar_one()


def test_listings_of_a_killed_crawl_are_fetched_in_full_next_time(store_url, tmp_path):
    with DemoWeb(names=["daily-planet"]) as web:
        config = write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        settings = resolve_settings(config=config, store=store_url, data_dir=tmp_path / "f")
        first = run_stage("crawl", settings, "2026-11-25").to_dict()
        store = storage.open_store(store_url, tmp_path / "f")
        try:
            found = _articles(store)
            assert found == first["new_articles"] > 0
            with store.begin() as conn:
                conn.execute(pages.delete().where(pages.c.kind.in_(("article", "alias"))))
                conn.execute(runs.insert().values(
                    stage="crawl", run_date="2026-11-25", status="running",
                    started_at=storage.utcnow() - timedelta(hours=1)))
            second = run_stage("crawl", settings, "2026-11-25").to_dict()
            assert _articles(store) == found, "articles behind a 304 listing were lost"
            assert second["new_articles"] == found
            with store.connect() as conn:
                statuses = sorted(r.status for r in storage.recent_runs(conn, 10, "crawl"))
            assert statuses == ["done", "done", "interrupted"]  # the dead run is closed
            third = run_stage("crawl", settings, "2026-11-25").to_dict()  # and validators are trusted again
            assert third["new_articles"] == 0 and third["not_modified"] > 0
        finally:
            store.close()


def test_the_crawler_process_dies_with_its_parent(tmp_path):
    """A worker killed mid-crawl must not leave its Scrapy child writing into the store."""
    parent = textwrap.dedent("""
        import subprocess, sys
        from crawlers.runner import die_with_parent
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                 preexec_fn=die_with_parent)
        print(child.pid, flush=True)
        child.wait()
    """)
    proc = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)  # still there (or a zombie awaiting its reaper)?
            with open(f"/proc/{child}/stat") as stat:
                if stat.read().split(") ", 1)[1].startswith("Z"):
                    return
        except (ProcessLookupError, FileNotFoundError):
            return
        time.sleep(0.05)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the child outlived its killed parent")


def test_a_killed_crawls_job_folder_is_cleared_by_the_next_crawl(tmp_path):
    import tempfile

    from crawlers import CrawlSettings, CrawlSource, run_crawl

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    left = Path(tempfile.gettempdir()) / f"newsmon-crawl-{dead}-abcd1234"
    left.mkdir()
    (left / "job.json").write_text("{}")
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    try:
        with store.begin() as conn:
            run = storage.start_run(conn, "crawl", "2026-11-25")
        run_crawl([CrawlSource("gone", "http://127.0.0.1:9/")], CrawlSettings("newsmon-test/0.1"),
                  store.url, tmp_path, "2026-11-25", run,
                  scrapy_overrides={"NEWSMON_RETRY_BACKOFF": 0.1})
    finally:
        store.close()
    assert not left.exists()

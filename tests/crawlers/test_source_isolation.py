"""A source whose URL Scrapy cannot even request fails alone; the others crawl normally."""

from __future__ import annotations

import storage
from crawlers import CrawlSettings, CrawlSource, run_crawl
from newsmon.core.health import source_problems
from newsmon.demo import DemoWeb
from storage.schema import pages

SETTINGS = CrawlSettings(user_agent="newsmon-test/0.1", download_delay=0.0,
                         concurrency_per_host=4)


def test_a_url_scrapy_refuses_fails_only_its_own_source(tmp_path):
    store = storage.open_store(f"sqlite:///{tmp_path / 'newsmon.db'}", tmp_path)
    try:
        with store.begin() as conn:
            run_id = storage.start_run(conn, "crawl", "2026-11-25")
        # Port 99999 gets past nothing that validates, but a source list built elsewhere
        # (an older sources file, a script) may still hold it: Request() raises ValueError.
        with DemoWeb(names=["river-times"]) as web:
            sources = [CrawlSource("bad-port", "http://127.0.0.1:99999/"),
                       CrawlSource("river-times", web.sites[0].base_url)]
            summary = run_crawl(sources, SETTINGS, store.url, store.data_dir, "2026-11-25",
                                run_id, scrapy_overrides={"NEWSMON_RETRY_BACKOFF": 0.1})
        with store.connect() as conn:
            stored = conn.execute(pages.select()).mappings().all()
    finally:
        store.close()
    good, bad = summary.per_source["river-times"], summary.per_source["bad-port"]
    assert not good.failed and good.new_articles >= 6, good
    assert {row["source"] for row in stored} == {"river-times"}
    assert bad.failed and bad.requests == 0 and bad.errors == {"bad_url": 1}, bad
    problems = source_problems(summary, {s.name: s.url for s in sources})
    assert problems == ["source bad-port (http://127.0.0.1:99999/): FAILED, nothing fetched: "
                        "its URL cannot be requested (1x)"], problems

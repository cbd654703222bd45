"""The crawler against the bundled demo web (4 sites): every article found, nothing else."""

from __future__ import annotations

import pytest
from tests.crawlers.conftest import new_run

import storage
from crawlers import CrawlSettings, CrawlSource, extract_pending, run_crawl
from storage.schema import pages

demo = pytest.importorskip("newsmon.demo")

SETTINGS = CrawlSettings(user_agent="newsmon-test/0.1", download_delay=0.0, concurrency_per_host=8)


def _sources(web) -> list[CrawlSource]:
    out = []
    for site in web.sites:
        spec = demo.sites.site_spec(site.name)
        feeds = (site.url(spec.feed_path),) if spec.feed_in_sources and spec.feed_path else ()
        out.append(CrawlSource(site.name, site.base_url, feeds=feeds))
    return out


@pytest.fixture(scope="module")
def demo_crawl(store):
    with demo.DemoWeb() as web:
        sources = _sources(web)
        first = run_crawl(sources, SETTINGS, store.url, store.data_dir, "2024-05-01",
                          new_run(store), scrapy_overrides={"NEWSMON_RETRY_BACKOFF": 0.1})
        log1 = web.request_log
        web.clear_log()
        second = run_crawl(sources, SETTINGS, store.url, store.data_dir, "2024-05-02",
                           new_run(store, run_date="2024-05-02"))
        yield web, first, second, log1, web.request_log


def _kinds(store) -> dict[str, str]:
    with store.connect() as conn:
        return {r.url_key: r.kind for r in conn.execute(pages.select())}


def test_every_demo_article_and_only_articles(demo_crawl, store):
    web = demo_crawl[0]
    kinds = _kinds(store)
    with store.connect() as conn:
        canon = {r.canonical_url for r in conn.execute(pages.select()) if r.kind == "article"}
    expected = {storage.url_key(a.url) for a in demo.expected_articles(web.sites)}
    assert expected - canon == set()
    listings = [storage.url_key(u) for u in demo.listing_urls(web.sites)]
    assert [u for u in listings if kinds.get(u) == "article"] == []


def test_demo_robots_obeyed_and_recrawl_is_cheap(demo_crawl):
    web, first, second, log1, log2 = demo_crawl
    disallowed = {storage.url_key(u) for u in demo.disallowed_urls(web.sites)}
    for entry in log1 + log2:
        site = web.site(entry.site)
        assert storage.url_key(site.url(entry.path)) not in disallowed
    assert first.errors == 0 and not first.failed_sources
    assert second.new_articles == 0 and second.not_modified > 0
    refetched = [e for e in log2 if e.status == 200 and e.path != "/robots.txt"]
    assert len(refetched) <= len(log2) // 4, refetched[:10]


def test_demo_articles_extract_cleanly(demo_crawl, store):
    web = demo_crawl[0]
    extract_pending(store, workers=2)
    with store.connect() as conn:
        for expected in demo.expected_articles(web.sites):
            article = storage.current_article(
                conn, storage.article_id(expected.site, storage.url_key(expected.url)))
            assert article is not None, expected.url
            assert demo.PRIVATE_PAGE_MARKER not in article.text
            for sentence in expected.must_contain:
                assert sentence in article.text, (expected.url, sentence)

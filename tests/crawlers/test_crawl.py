"""End-to-end crawl against the loopback test web: discovery, politeness, storage, recrawl."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from tests.crawlers.conftest import new_run
from crawl_testweb import Resource, news_site

import storage
from crawlers import CrawlSettings, CrawlSource, extract_pending, read_body, run_crawl
from crawlers.parsers import PARSER_VERSION
from storage.schema import pages

SETTINGS = CrawlSettings(user_agent="newsmon-test/0.1", download_delay=0.0,
                         concurrency_per_host=4, max_page_bytes=100_000)
FAST = {"NEWSMON_RETRY_BACKOFF": 0.1}
ARTICLES = {f"/news/story-{n}" for n in ("one", "two", "three", "four", "five", "six")} | {"/flaky"}


def _pages(store) -> dict[str, dict]:
    with store.connect() as conn:
        rows = conn.execute(pages.select()).mappings().all()
    # Keyed by path (+query) so tests read like the test web's resource table.
    return {"/" + r["url_key"].split("/", 3)[3]: dict(r) for r in rows}


@pytest.fixture(scope="module")
def crawled(web, external, store):
    """Two runs on consecutive days; between them one new story appears in /section/world."""
    sources = [CrawlSource("test-times", web.base + "/"),
               CrawlSource("down-daily", "http://127.0.0.1:9/")]  # discard port: refused
    run1 = new_run(store)
    first = run_crawl(sources, SETTINGS, store.url, store.data_dir, "2024-05-01", run1,
                      scrapy_overrides=FAST)
    log1 = list(web.log)
    pages1 = _pages(store)
    web.resources["/news/story-seven"] = Resource(
        web.resources["/news/story-one"].body.replace(b"story-one", b"story-seven"))
    world = web.resources["/section/world"]
    world.body = world.body.replace(b"</ul>", b'<li><a href="/news/story-seven">7</a></li></ul>')
    run2 = new_run(store, run_date="2024-05-02")
    second = run_crawl(sources, SETTINGS, store.url, store.data_dir, "2024-05-02", run2,
                       scrapy_overrides=FAST)
    return SimpleNamespace(first=first, second=second, run1=run1, run2=run2, log1=log1,
                           log2=web.log[len(log1):], pages1=pages1)


def test_robots_disallow_and_other_hosts_are_respected(crawled, external):
    paths = [p for _, p, _ in crawled.log1 + crawled.log2]
    assert not [p for p in paths if p.startswith("/private/")]
    assert external.log == []
    assert "/robots.txt" in paths and "/go-out" in paths  # its redirect leaves the site
    # Articles' own links are followed too (bylines and related stories find what no listing
    # shows), each once.
    related = [p for p in crawled.log1 if p[1].endswith("-related")]
    assert related and len(related) == len({p[1] for p in related})


def test_first_run_finds_articles_through_every_discovery_path(crawled, store):
    found = {path for path, row in crawled.pages1.items() if row["kind"] == "article"}
    # story-five only in the sitemap, story-six only in the feed, the rest via links.
    assert found == ARTICLES
    kinds = {path: row["kind"] for path, row in crawled.pages1.items()}
    assert kinds["/"] == "listing" and kinds["/section/world"] == "listing"
    assert kinds["/section/world?page=2"] == "listing"
    assert kinds["/feed.xml"] == "feed" and kinds["/sitemap.xml"] == "sitemap"
    assert crawled.first.new_articles == len(ARTICLES)


def test_warc_records_read_back_to_the_served_body(crawled, web, store):
    for path in ARTICLES:
        row = crawled.pages1[path]
        headers, body = read_body(store.data_dir, row["warc_file"], row["warc_offset"])
        assert body == web.resources[path].body
        assert storage.body_hash(body) == row["body_hash"]
        assert headers["content-type"].startswith("text/html")
        assert row["warc_file"] == "warc/2024-05-01/test-times-%d.warc.gz" % crawled.run1
        assert row["canonical_url"] == f"{web.base}/news/{path.rsplit('/', 1)[1]}"


def test_transient_503_is_retried_and_redirect_loop_is_bounded(crawled):
    statuses = [(p, s) for _, p, h in crawled.log1 for s in [h["_status"]]]
    assert [s for p, s in statuses if p == "/flaky"] == [503, 200]
    assert len([p for p, _ in statuses if p.startswith("/loop-")]) <= 6


def test_oversized_page_is_dropped_and_counted(crawled):
    figures = crawled.first.per_source["test-times"]
    assert "/big" not in crawled.pages1
    assert figures.errors.get("too_large") == 1


def test_failed_source_is_reported_not_fatal(crawled):
    down = crawled.first.per_source["down-daily"]
    assert down.failed is True and down.pages == 0
    assert sum(down.errors.values()) >= 1
    assert crawled.first.per_source["test-times"].failed is False


def test_second_run_fetches_only_what_changed(crawled):
    paths = [p for _, p, _ in crawled.log2]
    # The new story, and the one (missing) page it links that no earlier story linked.
    assert [p for p in paths if p.startswith("/news/") or p == "/flaky"] == [
        "/news/story-seven", "/news/story-seven-related"]
    statuses = {p: h["_status"] for _, p, h in crawled.log2}
    for path in ("/", "/section/tech", "/section/world?page=2", "/feed.xml", "/sitemap.xml"):
        assert statuses[path] == 304, path
    assert statuses["/section/world"] == 200
    conditional = [h for _, p, h in crawled.log2 if p == "/section/tech"][0]
    assert conditional.get("If-None-Match") and conditional.get("If-Modified-Since")
    assert crawled.second.new_articles == 1
    assert crawled.second.per_source["test-times"].failed is False
    assert crawled.second.not_modified >= 5


def test_per_source_stats_are_stored(crawled, store):
    with store.connect() as conn:
        first = {r["source"]: r for r in storage.crawl_stats_for(conn, crawled.run1)}
        second = {r["source"]: r for r in storage.crawl_stats_for(conn, crawled.run2)}
    assert set(first) == {"test-times", "down-daily"}
    assert first["test-times"]["new_articles"] == len(ARTICLES)
    assert first["test-times"]["requests"] >= len(ARTICLES) + 5
    assert first["test-times"]["bytes"] > 0 and first["test-times"]["seconds"] > 0
    assert second["test-times"]["new_articles"] == 1
    assert second["test-times"]["not_modified"] >= 5


def test_extract_pending_writes_articles_once(crawled, store):
    summary = extract_pending(store, workers=2)
    assert summary.pages == len(ARTICLES) + 1
    assert summary.articles == len(ARTICLES) + 1 and summary.errors == 0
    with store.connect() as conn:
        assert storage.pending_extraction(conn, PARSER_VERSION) == []
        assert storage.count_articles(conn) == len(ARTICLES) + 1
    again = extract_pending(store, workers=1)
    assert (again.pages, again.articles) == (0, 0)


def test_newer_sitemap_lastmod_refetches_a_known_article(external, tmp_path):
    # Its own site and store: it changes both, and no other test may depend on that.
    web = news_site(external.base + "/elsewhere")
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    try:
        source = [CrawlSource("test-times", web.base + "/")]
        run_crawl(source, SETTINGS, store.url, store.data_dir, "2024-05-01", new_run(store),
                  scrapy_overrides=FAST)
        assert extract_pending(store, workers=1).articles > 1
        story = web.resources["/news/story-five"]
        story.body = story.body.replace(b"twelve hectares", b"fourteen hectares")
        sitemap = web.resources["/sitemap.xml"]
        sitemap.body = sitemap.body.replace(b"<lastmod>2024-05-01</lastmod>",
                                            b"<lastmod>2099-01-01T00:00:00Z</lastmod>")
        mark = len(web.log)
        third = run_crawl(source, SETTINGS, store.url, store.data_dir, "2024-05-03",
                          new_run(store, run_date="2024-05-03"), scrapy_overrides=FAST)
        fetched = [p for _, p, _ in web.log[mark:] if p.startswith("/news/")]
        assert fetched == ["/news/story-five"]
        assert third.updated_articles == 1 and third.new_articles == 0
        # The changed body is a new version to extract; the old one stays.
        assert extract_pending(store, workers=1).articles == 1
    finally:
        store.close()
        web.stop()


def test_crawl_log_shows_no_control_ports(crawled, store):
    text = "".join(p.read_text() for p in (store.data_dir / "logs").glob("crawl-*.log"))
    assert "Telnet console listening" not in text and "Remote control" not in text

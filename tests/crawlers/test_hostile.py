"""The crawler against a hostile web, two days running; every assertion reads the servers' logs
(or the store) rather than the crawler's own account of itself."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from tests.crawlers.conftest import new_run
from crawl_testweb import Resource, listing_html
from hostile_web import AGENT, CAFE, ROBOTS, TRAP_PREFIXES, calm_site, hostile_site, slow_site
from protego import Protego

import storage
from crawlers import CrawlSettings, CrawlSource, extract_pending, run_crawl
from storage.schema import pages

MAX_BYTES = 1_000_000
SETTINGS = CrawlSettings(user_agent=AGENT, download_delay=0.0, concurrency_per_host=2,
                         max_page_bytes=MAX_BYTES)
OVERRIDES = {"NEWSMON_RETRY_BACKOFF": 0.1, "DOWNLOAD_TIMEOUT": 1.0}


@pytest.fixture(scope="module")
def sites(external):
    webs = SimpleNamespace(hostile=hostile_site(external.base), calm=calm_site(),
                           slow=slow_site())
    webs.hostile.resources["/section/empty"] = Resource(listing_html("Nothing", []).encode())
    yield webs
    for web in (webs.hostile, webs.calm, webs.slow):
        web.stop()


@pytest.fixture(scope="module")
def days(sites, store):
    sources = [CrawlSource("hostile", sites.hostile.base + "/"),
               CrawlSource("calm", sites.calm.base + "/"),
               CrawlSource("slow", sites.slow.base + "/"),
               CrawlSource("barren", sites.hostile.base + "/section/empty")]
    out = []
    for day in ("2024-05-01", "2024-05-02"):
        marks = {name: len(getattr(sites, name).log) for name in ("hostile", "calm", "slow")}
        run = new_run(store, run_date=day)
        summary = run_crawl(sources, SETTINGS, store.url, store.data_dir, day, run,
                            scrapy_overrides=OVERRIDES)
        logs = {name: getattr(sites, name).log[mark:] for name, mark in marks.items()}
        out.append(SimpleNamespace(summary=summary, run=run, logs=logs,
                                   hostile=logs["hostile"], figures=summary.per_source))
    return out


def _rows(store, source: str) -> dict[str, dict]:
    with store.connect() as conn:
        rows = conn.execute(pages.select().where(pages.c.source == source)).mappings().all()
    return {"/" + r["url_key"].split("/", 3)[3]: dict(r) for r in rows}


def test_zero_robots_violations_for_the_agent_actually_sent(days, sites, external):
    rules = Protego.parse(ROBOTS)
    paths = [p for day in days for _, p, _ in day.hostile]
    assert [p for p in paths if not rules.can_fetch(sites.hostile.base + p, AGENT)] == []
    assert "/private/open-story" in paths  # longest match: Allow beats Disallow /private/
    assert "/news/data.cgi" not in paths and "/private/secret" not in paths  # `$`, prefix
    assert {h["User-Agent"] for _, _, h in days[0].hostile} == {AGENT}


def test_nothing_outside_the_site_is_ever_requested(days, external):
    assert external.log == []
    paths = [p for day in days for _, p, _ in day.hostile]
    assert not [p for p in paths if "leak" in p or "javascript" in p or "mailto" in p]
    # A request to localhost or 10.255.255.1 would show as a connection error or a timeout.
    errors = days[0].figures["hostile"].errors
    assert set(errors) <= {"too_large", "redirect_loop", "http_404"} and errors["redirect_loop"] == 1


def test_every_trap_is_bounded(days):
    for day in days:
        paths = [p for _, p, _ in day.hostile]
        for prefix in TRAP_PREFIXES:
            assert len([p for p in paths if p.startswith(prefix)]) <= 50, prefix
        assert len([p for p in paths if p.startswith("/browse")]) <= 2  # session ids stripped
    assert days[0].figures["hostile"].trap_patterns  # the guard, not the budget, stopped them


def test_in_flight_requests_never_exceed_the_per_host_limit(days, sites):
    assert sites.hostile.max_inflight == 2  # reached, never passed
    # Crawl-delay 0.4 in robots.txt: one request at a time, 0.4 s apart.
    assert sites.calm.max_inflight == 1
    starts = [h["_start"] for _, _, h in days[0].logs["calm"]]
    gaps = [b - a for a, b in zip(starts[1:], starts[2:])]  # after robots.txt
    assert gaps and min(gaps) >= 0.35, gaps


def test_discovery_without_robots_sitemaps_and_feeds_on_section_pages(days, store):
    found = {p for p, r in _rows(store, "calm").items() if r["kind"] == "article"}
    assert found == {"/news/linked-story", "/news/sitemap-story", "/news/feed-story"}


def test_transient_503_is_recovered_and_redirect_loop_bounded(days, store):
    statuses = [h["_status"] for _, p, h in days[0].hostile if p == "/flaky"]
    assert statuses == [503, 200]
    assert _rows(store, "hostile")["/flaky"]["kind"] == "article"


def test_bodies_over_the_cap_are_abandoned_early(days, store):
    figures = days[0].figures["hostile"]
    assert figures.errors["too_large"] == 2
    text = "".join(p.read_text() for p in (store.data_dir / "logs").glob("crawl-*.log"))
    # /huge streams 40 MB with no length: the crawler read just past the cap and hung up
    # (the server may have pushed a few MB more into the socket buffers meanwhile).
    read = re.search(r"Received (\d+) bytes which is larger than download max size .* "
                     r"<GET \S+/huge>", text)
    assert read and int(read.group(1)) <= MAX_BYTES + 128 * 1024, read
    huge = [h for _, p, h in days[0].hostile if p == "/huge"][0]
    assert huge["_sent"] < 16_000_000
    # The 64 MB gzip bomb (65 KB on the wire): decompression stopped at the cap.
    assert f"exceeded DOWNLOAD_MAXSIZE ({MAX_BYTES} B) during decompression" in text
    rows = _rows(store, "hostile")
    assert "/bomb" not in rows and "/huge" not in rows


def test_non_html_at_article_urls_is_skipped_and_remembered(days, store):
    rows = _rows(store, "hostile")
    for path in ("/news/annual-report-full-document", "/news/photo-of-the-day-river-sunset"):
        assert rows[path]["kind"] == "other" and rows[path]["warc_file"] is None
        assert path not in [p for _, p, _ in days[1].hostile]
    assert days[0].figures["hostile"].non_html == 2


def test_charsets_and_broken_html_extract_cleanly(days, store):
    rows = _rows(store, "hostile")
    for path in ("/news/story-c", "/news/story-d", "/news/truncated-story"):
        assert rows[path]["kind"] == "article", path  # found through / despite broken HTML
    extract_pending(store, workers=1)
    with store.connect() as conn:
        for slug in ("meta-only-charset", "wrong-header-charset", "truncated-story"):
            canonical = storage.canonical_url(f"{_base(rows)}/news/{slug}")
            article = storage.current_article(conn, storage.article_id("hostile", canonical))
            assert article is not None and article.status == "ok", slug
            assert "twelve hectares" in article.text
            if "charset" in slug:
                assert CAFE in article.text and "Ã" not in article.text


def _base(rows: dict) -> str:
    return rows["/"]["url"].rstrip("/")


def test_aliases_are_one_row_and_not_downloaded_again(days, store):
    paths = [p for _, p, _ in days[0].hostile]
    assert len([p for p in paths if p.split("?")[0] == "/news/story-a"]) == 1
    assert paths.count("/news/story-b") <= 1  # directly or as the /s/abc redirect target
    rows = _rows(store, "hostile")
    assert rows["/s/abc"]["kind"] == "alias"
    canon = [r["canonical_url"] for r in rows.values() if r["kind"] == "article"]
    assert len(canon) == len(set(canon))
    assert "/s/abc" not in [p for _, p, _ in days[1].hostile]


def test_second_day_downloads_no_unchanged_article(days):
    second = days[1].hostile
    downloaded = [p for _, p, h in second if h["_status"] == 200 and p.startswith("/news/")]
    assert downloaded == []
    statuses = {p: h["_status"] for _, p, h in second}
    assert statuses["/"] == 304 and statuses["/section/world"] == 304
    assert days[1].figures["hostile"].new_articles == 0
    assert [p for _, p, h in days[1].logs["calm"] if p.startswith("/news/")] == []


def test_slow_host_times_out_without_holding_up_the_others(days):
    figures = days[0].figures
    assert figures["slow"].failed and figures["slow"].errors.get("timeout", 0) >= 1
    assert not figures["hostile"].failed and not figures["calm"].failed
    assert figures["calm"].new_articles == 3


def test_reports_flag_sources_and_store_skips(days, store):
    first = days[0].summary
    assert first.per_source["barren"].zero_articles and not first.per_source["barren"].failed
    assert not first.per_source["hostile"].zero_articles
    assert not days[1].figures["hostile"].zero_articles  # known articles still count
    with store.connect() as conn:
        rows = {r["source"]: r for r in storage.crawl_stats_for(conn, days[0].run)}
    assert rows["barren"]["zero_articles"] is True and rows["slow"]["failed"] is True
    assert rows["hostile"]["skipped"]["skipped_robots"] >= 2
    assert rows["hostile"]["skipped"]["trap_capped"] >= 1
    assert rows["hostile"]["requests"] > 0 and rows["hostile"]["bytes"] > 0

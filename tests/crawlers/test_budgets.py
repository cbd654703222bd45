"""A daily crawl of the generated web, two days running: a forum handing out short session ids
over two alternating URL patterns, pagination past its end, an old table-layout site with
query-string story URLs and no rel=canonical, an endlessly faceted archive, deep pagination
beside an endless calendar, and a host that accepts connections and never answers.

Every figure is read from the servers' logs and the store (tests/crawlers/webscore.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import new_run
from simweb import HungSite
from sites_archive import Deep, Facets
from sites_forum import ForumNews
from sites_table import OldTable
from webscore import score_day

import storage
from crawlers import CrawlSettings, CrawlSource, run_crawl

pytestmark = pytest.mark.slow  # end-to-end crawls, a minute or so

AGENT = "newsmon-test/0.1 (+http://example.invalid/newsmon)"
CONCURRENCY = 2
SETTINGS = CrawlSettings(AGENT, download_delay=0.0, concurrency_per_host=CONCURRENCY)
OVERRIDES = {"NEWSMON_RETRY_BACKOFF": 0.1, "DOWNLOAD_TIMEOUT": 2.0}
TRAP_LIMIT = 150  # requests per source per day


@pytest.fixture(scope="module")
def webs():
    sites = [ForumNews(1, per_section=8), OldTable(2, per_cat=6), Facets(3, stories=30),
             Deep(4, posts=40)]
    for site in sites:
        site.start()
    hung = HungSite().start()
    yield SimpleNamespace(sites=sites, hung=hung)
    for site in sites:
        site.stop()
    hung.stop()


@pytest.fixture(scope="module")
def days(webs, store):
    sources = [CrawlSource(s.name, s.base + "/") for s in webs.sites]
    sources.append(CrawlSource("hung", webs.hung.base + "/"))
    served: dict = {}
    out = []
    for day in (1, 2):
        marks = {}
        for site in webs.sites:
            site.day = day
            site.web.max_inflight = 0
            marks[site.name] = len(site.web.log)
        run = new_run(store, run_date=f"2024-05-0{day}")
        summary = run_crawl(sources, SETTINGS, store.url, store.data_dir, f"2024-05-0{day}",
                            run, scrapy_overrides=OVERRIDES)
        scores = {s.name: score_day(s, store, s.name, day, marks[s.name],
                                    served.setdefault(s.name, set()), AGENT) for s in webs.sites}
        out.append(SimpleNamespace(run=run, summary=summary, scores=scores))
    return out


def test_every_reachable_article_is_found_on_both_days(days):
    for day in days:
        for name, score in day.scores.items():
            assert score.missed == [], (name, score.missed)


def test_trap_requests_stay_within_the_daily_limit(days):
    for day in days:
        for name, score in day.scores.items():
            assert score.trap_requests <= TRAP_LIMIT, (name, score.trap_requests)
    forum = days[0].summary.per_source["forum-news"]
    assert forum.traps and any("/forum/" in t["entry"] for t in forum.traps)


def test_short_session_ids_are_learned_and_kept(days):
    assert "query:sid" in days[0].summary.per_source["forum-news"].learned_rules
    assert "query:sid" in days[1].summary.per_source["forum-news"].learned_rules


def test_no_non_article_is_stored_as_an_article(days):
    for name, score in days[-1].scores.items():
        assert score.non_article_rows == [], (name, score.non_article_rows[:5])
        assert score.duplicate_rows == 0, name


def test_canonical_url_follows_the_contract(days):
    for name, score in days[-1].scores.items():
        assert score.wrong_canonicals == [], (name, score.wrong_canonicals[:5])


def test_day_two_downloads_no_unchanged_page_again(days):
    for name, score in days[1].scores.items():
        assert score.redownloaded_articles == [], (name, score.redownloaded_articles[:5])
    # The table site sends Last-Modified only; a conditional GET must still work there.
    assert days[1].scores["old-table"].redownloaded_pages == []


def test_robots_and_per_site_concurrency_are_respected(days):
    for day in days:
        for name, score in day.scores.items():
            assert score.robots_violations == [], name
            assert score.max_inflight <= CONCURRENCY, name


def test_every_source_leaves_its_completion_marker(days, store):
    for day in days:
        with store.connect() as conn:
            finished = storage.finished_sources(conn, day.run)
        assert set(finished) == {"forum-news", "old-table", "facets", "deep", "hung"}
    hung = days[0].summary.per_source["hung"]
    assert hung.failed and hung.errors.get("timeout")

"""Per-source time budgets at the default politeness: a run ends within its budget, keeps what
it fetched, saves the rest of each frontier and starts the next run with it; a host that never
answers holds up nobody else."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from conftest import new_run
from simweb import HungSite
from sites_archive import Deep
from sites_forum import ForumNews
from webscore import score_day

import storage
from crawlers import CrawlSettings, CrawlSource, extract_pending, run_crawl
from crawlers.progress import progress_path, read_progress

pytestmark = pytest.mark.slow  # end-to-end crawls, a minute or so

AGENT = "newsmon-test/0.1"
BUDGET_MINUTES = 0.2  # 12 s
POLITE = CrawlSettings(AGENT, max_minutes_per_source=BUDGET_MINUTES)  # delay 1 s, 2 per site
FAST = {"NEWSMON_RETRY_BACKOFF": 0.1}


@pytest.fixture(scope="module")
def budgeted(store):
    sites = [Deep(7, posts=60).start(), ForumNews(8, per_section=8).start()]
    sources = [CrawlSource(s.name, s.base + "/") for s in sites]
    run = new_run(store)
    started = time.monotonic()
    snapshots: list[dict] = []
    first = run_crawl(sources, POLITE, store.url, store.data_dir, "2024-05-01", run,
                      scrapy_overrides=FAST, progress=snapshots.append)
    took = time.monotonic() - started
    logs = {s.name: list(s.web.log) for s in sites}
    with store.connect() as conn:
        saved = {s.name: storage.load_frontier(conn, s.name) for s in sites}
    yield SimpleNamespace(sites=sites, sources=sources, first=first, took=took, logs=logs,
                          saved=saved, run=run, snapshots=snapshots)
    for site in sites:
        site.stop()


def test_a_polite_run_ends_within_its_time_budget(budgeted):
    # Start-up and the last answers on top of the budget (generous: the machine may be
    # busy), nothing like the minutes the two sites need at one request a second.
    assert budgeted.took < BUDGET_MINUTES * 60 + 30
    for name, figures in budgeted.first.per_source.items():
        assert figures.out_of_time and figures.frontier_left > 0, name
        assert figures.requests <= BUDGET_MINUTES * 60 / POLITE.download_delay + 8, name
        starts = [h["_start"] for _, _, h in budgeted.logs[name]]
        assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.9  # the delay held


def test_what_was_left_is_saved_and_progress_says_so(budgeted, store):
    for name, figures in budgeted.first.per_source.items():
        assert len(budgeted.saved[name]) == figures.frontier_left
    progress = read_progress(progress_path(store.data_dir, "2024-05-01", budgeted.run))
    assert {n: s["state"] for n, s in progress["sources"].items()} == {
        "deep": "out_of_time", "forum-news": "out_of_time"}
    assert all(s["time_left"] == 0 for s in progress["sources"].values())
    assert budgeted.first.out_of_time == {n: f.frontier_left
                                          for n, f in budgeted.first.per_source.items()}


def test_live_progress_reaches_the_parent_while_it_runs(budgeted):
    live = [s["sources"]["deep"] for s in budgeted.snapshots
            if s["sources"]["deep"]["state"] == "crawling"]
    assert len(live) >= 5  # about one a second
    assert live[0]["requests"] < live[-1]["requests"]
    assert live[0]["time_left"] > live[-1]["time_left"] >= 0
    assert {"requests", "new_articles", "errors", "queued", "seconds"} <= set(live[-1])


def test_the_next_run_starts_with_what_was_left_and_completes(budgeted, store):
    marks = {s.name: len(s.web.log) for s in budgeted.sites}
    run = new_run(store, run_date="2024-05-02")
    second = run_crawl(budgeted.sources, CrawlSettings(AGENT, download_delay=0.0,
                                                       max_minutes_per_source=0),
                       store.url, store.data_dir, "2024-05-02", run, scrapy_overrides=FAST)
    for site in budgeted.sites:
        paths = [p for _, p, _ in site.web.log[marks[site.name]:]]
        saved = [e.url.split("/", 3)[3] for e in budgeted.saved[site.name]]
        first_after_robots = paths[1:4]
        assert first_after_robots and all(p.lstrip("/") in saved for p in first_after_robots)
        score = score_day(site, store, site.name, 1, marks[site.name], set(), AGENT)
        assert score.missed == [], site.name
        assert second.per_source[site.name].resumed == len(budgeted.saved[site.name])
    with store.connect() as conn:
        assert all(storage.load_frontier(conn, s.name) == [] for s in budgeted.sites)


def test_a_host_that_never_answers_delays_no_other(tmp_path):
    """The other source's completion marker comes while the hung host is still being waited
    for, and its articles can be extracted right then (what a streaming flow would do)."""
    site, hung = Deep(9, posts=10).start(), HungSite().start()
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    run = new_run(store)
    crawl = threading.Thread(target=run_crawl, args=(
        [CrawlSource("deep", site.base + "/"), CrawlSource("hung", hung.base + "/")],
        CrawlSettings(AGENT, download_delay=0.0), store.url, tmp_path, "2024-05-01", run),
        kwargs={"scrapy_overrides": {**FAST, "DOWNLOAD_TIMEOUT": 5.0}})
    try:
        crawl.start()
        finished = _wait_for(store, run, "deep")
        assert "hung" not in finished and crawl.is_alive()
        extracted = extract_pending(store, workers=1, sources=["deep"])
        assert extracted.articles == len(site.published(1)) and crawl.is_alive()
        crawl.join(timeout=60)
        with store.connect() as conn:
            finished = storage.finished_sources(conn, run)
        # Two tries of robots.txt at 5 s each for the hung host; the other was long done.
        assert (finished["hung"] - finished["deep"]).total_seconds() > 3
        assert hung.accepted >= 1
    finally:
        crawl.join(timeout=60)
        store.close()
        site.stop()
        hung.stop()


def _wait_for(store, run: int, source: str, timeout: float = 30.0) -> dict:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        with store.connect() as conn:
            finished = storage.finished_sources(conn, run)
        if source in finished:
            return finished
        time.sleep(0.2)
    raise AssertionError(f"{source} never finished")


def test_a_run_deadline_stops_every_source_cleanly(tmp_path):
    site = Deep(10, posts=60).start()
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    try:
        deadline = time.time() + 15
        summary = run_crawl([CrawlSource("deep", site.base + "/")],
                            CrawlSettings(AGENT, max_minutes_per_source=0), store.url, tmp_path,
                            "2024-05-01", new_run(store), scrapy_overrides=FAST,
                            deadline=deadline)
        assert time.time() < deadline + 15  # unbounded, the site takes over a minute
        figures = summary.per_source["deep"]
        assert figures.out_of_time and figures.frontier_left > 0
        assert figures.new_articles > 0  # what was fetched is kept
    finally:
        store.close()
        site.stop()


def test_a_daily_run_with_a_max_duration_ends_in_time_and_exports_what_it_found(tmp_path):
    """`newsmon run --max-duration`: the flow stops the crawl early enough for extract and
    dedupe, which still run; the report names the source that ran out."""
    from prefect.testing.utilities import prefect_test_harness

    from flows import daily
    site = Deep(11, posts=60).start()
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - name: deep\n    url: {site.base}/\n"
                      "crawl:\n  max_minutes_per_source: 0\n")  # polite: 1 s a request
    budget = 40.0  # the crawl gets 20 s of it; unbounded it takes over a minute
    try:
        with prefect_test_harness(server_startup_timeout=120):
            started = time.monotonic()
            result = daily(config_path=str(config), store_url=f"sqlite:///{tmp_path}/n.db",
                           data_dir=str(tmp_path), run_date="2024-05-01", max_duration=budget)
            took = time.monotonic() - started
    finally:
        site.stop()
    deep = result["crawl"]["per_source"]["deep"]
    assert deep["out_of_time"] and deep["frontier_left"] > 0
    assert took < budget + 20, f"the run took {took:.0f} s of its {budget:.0f}"
    assert result["extract"]["articles"] == result["crawl"]["new_articles"] > 0
    assert result["dedupe"]["new_articles"] == result["extract"]["articles"]


def test_the_daily_flow_extracts_and_clusters_a_source_as_soon_as_its_crawl_ends(tmp_path):
    """Stages stream: a small site's articles are extracted and clustered while a big one
    is still being crawled, not after the slowest site."""
    from prefect.testing.utilities import prefect_test_harness

    from flows import daily
    small, big = Deep(12, posts=4).start(), Deep(13, posts=200).start()
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - name: small\n    url: {small.base}/\n"
                      f"  - name: big\n    url: {big.base}/\n"
                      "crawl:\n  download_delay: 0.25\n  max_minutes_per_source: 0.25\n")
    store_url = f"sqlite:///{tmp_path}/n.db"
    try:
        with prefect_test_harness(server_startup_timeout=120):
            result = daily(config_path=str(config), store_url=store_url,
                           data_dir=str(tmp_path), run_date="2024-05-01")
    finally:
        small.stop()
        big.stop()
    store = storage.open_store(store_url, tmp_path)
    try:
        with store.connect() as conn:
            runs = {r.id: r for r in storage.recent_runs(conn, 20)}
            by_source = storage.extraction_counts(conn, *_span(runs, result["extract"]))
    finally:
        store.close()
    crawl = runs[result["crawl"]["run_id"]]
    first_extract = runs[result["extract"]["run_id"]]
    first_dedupe = runs[result["dedupe"]["run_id"]]
    assert not result["crawl"]["per_source"]["small"]["out_of_time"]
    assert result["crawl"]["per_source"]["big"]["out_of_time"]
    assert first_extract.finished_at < crawl.finished_at, "extract waited for the whole crawl"
    assert first_dedupe.finished_at < crawl.finished_at, "dedupe waited for the whole crawl"
    assert first_extract.stats["articles"] == len(small.published(1)) > 0
    assert by_source["small"]["ok"] == len(small.published(1))  # the batch, then the rest
    assert result["extract"]["articles"] == result["crawl"]["new_articles"]
    assert result["dedupe"]["new_articles"] == result["extract"]["articles"]


def _span(runs: dict, figures: dict):
    ids = figures.get("run_ids") or [figures["run_id"]]
    return min(runs[i].started_at for i in ids), max(runs[i].finished_at for i in ids)

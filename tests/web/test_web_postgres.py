"""The API and pages read a PostgreSQL store exactly as they read SQLite; in Chromium: source
health in words (a source that failed), the run history, full-text search with PostgreSQL's
own engine, facets by day. One seeded store for the module."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

import storage
from newsmon.core.settings import resolve_settings
from newsmon.core.stages import run_stage
from newsmon.web import create_app
from tests.conftest import pg_database
from tests.newsmon.conftest import seed
from tests.web.conftest import screenshot, serve
from tests.web.hostile import add_hostile_article

DEAD = "http://127.0.0.1:9/"  # nothing listens on loopback's port 9: connection refused


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pg-web")
    with pg_database() as url:
        settings, _ = seed(tmp, url, names=("daily-planet", "coast-gazette"))
        add_hostile_article(settings)
        _crawl_a_dead_source(tmp, settings)
        _record_a_failed_run(settings)
        for base in serve(settings):
            yield base, settings


def _crawl_a_dead_source(tmp: Path, settings) -> None:
    config = tmp / "dead.yaml"
    config.write_text(f"sources:\n  - name: gone-gazette\n    url: {DEAD}\n"
                      "crawl:\n  download_delay: 0\n")
    dead = resolve_settings(config=config, store=settings.store_url,
                            data_dir=settings.data_dir, workers=1)
    result = run_stage("crawl", dead, "2026-11-26")
    assert result.summary.per_source["gone-gazette"].failed


def _record_a_failed_run(settings) -> None:
    store = storage.open_store(settings.store_url, settings.data_dir)
    try:
        with storage.recorded_run(store, "extract", "2026-11-26"):
            raise OSError("disk full")
    except OSError:
        pass
    finally:
        store.close()


def test_api_paging_and_pages_on_postgresql(pg_server):
    _, settings = pg_server
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette asks for httpx2; httpx works
        from fastapi.testclient import TestClient
    with TestClient(create_app(settings)) as client:
        _api_and_pages(client, settings)


def _api_and_pages(client, settings):
    store = storage.open_store(settings.store_url, settings.data_dir)
    with store.connect() as conn:
        exported = list(storage.iter_export_records(conn))
    store.close()
    items, cursor = [], None
    while True:  # the cursor compares timestamps and ids: the part that differs per database
        page = client.get("/api/articles", params={"limit": 4, **({"cursor": cursor}
                                                                   if cursor else {})}).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert items == exported and len(items) > 8
    clusters = client.get("/api/clusters", params={"min_size": 2}).json()["items"]
    assert clusters and clusters[0]["cluster_size"] >= 2
    one = client.get(f"/api/clusters/{clusters[0]['cluster_id']}").json()
    assert len(one["members"]) == clusters[0]["cluster_size"]
    for path in ("/clusters", f"/clusters/{clusters[0]['cluster_id']}", "/sources", "/runs",
                 f"/articles/{exported[0]['id']}", "/clusters?q=alert(1)", "/articles",
                 f"/articles/{exported[0]['id']}/archived", "/api/clusters.csv", "/help"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script>alert(1)" not in response.text
    assert client.get("/api/clusters", params={"source": "nope"}).status_code == 404


def test_sources_say_what_failed_and_lead_to_their_articles(page, pg_server):
    base, _ = pg_server
    page.goto(f"{base}/sources")
    failed = page.locator("#source-gone-gazette")
    assert "state-failed" in failed.get_attribute("class")
    words = failed.locator("td.state").inner_text()
    assert words.startswith("failed on its last crawl: could not connect"), words
    assert re.search(r"log: /\S+/logs/crawl-2026-11-26-\d+\.log", words), words
    ok = page.locator("#source-daily-planet")
    assert ok.locator("td.state").inner_text() == "ok"
    screenshot(page, "pg-sources")
    ok.locator("a.articles-of").click()
    page.wait_for_url("**/articles?source=daily-planet")
    sources = page.locator("#articles tbody tr td:nth-child(2)").all_inner_texts()
    assert sources and set(sources) == {"daily-planet"}
    page.go_back()
    ok.locator("a.clusters-of").click()
    page.wait_for_url("**/clusters?source=daily-planet*")
    rows = page.locator("#clusters tbody tr td:nth-child(3)").all_inner_texts()
    assert rows and all("daily-planet" in r.split(", ") for r in rows)


def test_runs_page_shows_the_history_with_errors(page, pg_server):
    base, settings = pg_server
    store = storage.open_store(settings.store_url, settings.data_dir)
    with store.connect() as conn:
        runs = storage.recent_runs(conn, 50)
    store.close()
    page.goto(f"{base}/runs")
    rows = page.locator("#runs tbody tr")
    assert rows.count() == len(runs) >= 5
    assert [int(t) for t in rows.locator("td:first-child").all_inner_texts()] == \
        [r.id for r in runs]
    failed = page.locator("#runs tr.status-failed")
    assert failed.count() == 1 and failed.locator("td.error").inner_text() == \
        "OSError: disk full"
    crawl = page.locator("#runs tbody tr", has_text="crawl").last
    assert "requests " in crawl.locator("td.figures").inner_text()
    screenshot(page, "pg-runs")


def test_full_text_search_and_day_facet_on_postgresql(page, pg_server):
    base, _ = pg_server
    page.goto(f"{base}/clusters?min_size=1")
    total = int(page.locator("#count").inner_text().split()[0])
    day = page.locator("#facet-days a").first
    label, shown = day.inner_text(), int(day.locator("xpath=..").inner_text().split()[-1])
    day.click()
    page.wait_for_url(f"**day={label}*")
    assert int(page.locator("#count").inner_text().split()[0]) == shown <= total
    page.goto(f"{base}/clusters?min_size=1")
    page.fill("input[name=q]", '"dock workers" STRIKE')
    page.click("button[type=submit]")
    titles = page.locator("#clusters td.title a").all_inner_texts()
    assert titles and all("strike" in t.lower() or "port" in t.lower() for t in titles), titles
    page.goto(f"{base}/clusters?q=%22workers+dock%22")  # the words, not in that order
    assert page.locator("a.cluster-link").count() == 0
    page.goto(f"{base}/clusters?source=gone-gazett")
    assert page.locator(".error").inner_text().startswith(
        "unknown source 'gone-gazett'; did you mean gone-gazette?")
    screenshot(page, "pg-clusters-unknown-source")

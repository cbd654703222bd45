"""The daily flow in-process under Prefect's test harness: twice in one process, on both stores."""

from __future__ import annotations

import pytest
from prefect.testing.utilities import prefect_test_harness

import storage
from flows import daily
from newsmon.demo import DemoWeb, write_sources_yaml


@pytest.fixture(scope="module")
def harness():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_flow_runs_twice_in_one_process_and_the_second_adds_nothing(harness, tmp_path,
                                                                     store_url):
    with DemoWeb(names=["daily-planet", "metro-herald"]) as web:
        config = str(write_sources_yaml(tmp_path / "sources.yaml", web.sites))
        args = dict(config_path=config, store_url=store_url, data_dir=str(tmp_path / "files"),
                    run_date="2026-11-25")
        first = daily(**args)
        second = daily(**args)  # Scrapy runs in a subprocess, so a second crawl works
    assert first["crawl"]["new_articles"] == first["extract"]["articles"] == 12
    assert first["dedupe"]["new_articles"] == 12 and first["dedupe"]["joined"] >= 2
    assert second["crawl"]["new_articles"] == 0 and second["crawl"]["not_modified"] > 0
    assert second["extract"]["articles"] == 0 and second["dedupe"]["new_articles"] == 0
    store = storage.open_store(store_url, tmp_path / "files")
    with store.connect() as conn:
        runs = storage.recent_runs(conn, 10)
        exported = list(storage.iter_export_records(conn))
    store.close()
    assert [r.stage for r in reversed(runs)] == ["crawl", "extract", "dedupe"] * 2
    assert all(r.status == "done" for r in runs)
    assert len(exported) == 12 and all(r["cluster_id"] for r in exported)

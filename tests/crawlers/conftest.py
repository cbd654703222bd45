"""Fixtures: the loopback test web and a real SQLite store in a temp dir."""

from __future__ import annotations

import pytest

import storage

from crawl_testweb import external_site, news_site


@pytest.fixture(scope="module")
def external():
    web = external_site()
    yield web
    web.stop()


@pytest.fixture(scope="module")
def web(external):
    site = news_site(external.base + "/elsewhere")
    yield site
    site.stop()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store")
    opened = storage.open_store(f"sqlite:///{path}/newsmon.db", path)
    yield opened
    opened.close()


def new_run(store, stage="crawl", run_date="2024-05-01") -> int:
    with store.begin() as conn:
        return storage.start_run(conn, stage, run_date)

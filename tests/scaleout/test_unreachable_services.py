"""An unreachable PostgreSQL or Redis: one line naming the URL, exit 1, nothing half-written.
(The shared index itself is tested in test_redis_index.py.)"""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select

import storage
from storage.schema import clusters, memberships, pages, runs

from tests.dedupe.dedupe_corpus import insert, syndication_items

DEAD_REDIS = "redis://127.0.0.1:1/0"


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


def _count(store, table) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _seeded(url, tmp_path):
    store = storage.open_store(url, tmp_path / "files")
    for items in syndication_items().values():
        for item in items:
            insert(store, item)
    return store


def _one_line(result, needle: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr[-2000:]
    assert len(lines) == 1 and needle in lines[0], result.stderr
    return lines[0]


def test_dedupe_with_unreachable_redis_says_so_and_writes_nothing(store_url, tmp_path):
    store = _seeded(store_url, tmp_path)
    try:
        config = tmp_path / "sources.yaml"
        config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:9/\n")
        result = _cli("dedupe", "--config", str(config), "--store", store_url,
                      "--data-dir", str(tmp_path / "files"), "--index-url", DEAD_REDIS)
        line = _one_line(result, DEAD_REDIS)
        assert "shared index" in line
        assert _count(store, memberships) == 0 and _count(store, clusters) == 0
        assert _count(store, runs) == 0
    finally:
        store.close()


def test_run_with_unreachable_redis_fails_before_crawling(sqlite_url, tmp_path):
    config = tmp_path / "sources.yaml"
    # The index named in the sources file, as a deployment would configure it.
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:9/\n"
                      f"dedupe:\n  index: {DEAD_REDIS}\n")
    result = _cli("run", "--config", str(config), "--store", sqlite_url,
                  env={"PREFECT_HOME": str(tmp_path / "prefect")})
    _one_line(result, DEAD_REDIS)
    store = storage.open_store(sqlite_url)
    try:
        assert _count(store, pages) == 0 and _count(store, runs) == 0
    finally:
        store.close()


def test_run_with_unreachable_postgresql_names_it(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:9/\n")
    result = _cli("run", "--config", str(config), "--store",
                  "postgresql+psycopg://newsmon@127.0.0.1:1/news",
                  env={"PREFECT_HOME": str(tmp_path / "prefect")})
    _one_line(result, "127.0.0.1:1/news")


def test_a_bad_index_url_in_the_sources_file_is_a_config_error(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:9/\n"
                      "dedupe:\n  index: http://127.0.0.1:6379/\n")
    result = _cli("sources", "check", "--config", str(config))
    assert result.returncode == 2
    assert "dedupe.index: must be a redis://" in result.stderr

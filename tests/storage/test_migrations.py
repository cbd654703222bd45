"""The Alembic migrations build exactly the tables `storage/schema.py` declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import storage
from storage.fulltext import is_fulltext_object
from storage.schema import metadata


def _declared(name, type_, parent_names) -> bool:
    # The full-text index is the engine's own (an FTS5 table, a GIN expression index),
    # built by migration 0007 beside the declared tables; test_fulltext_index_exists checks it.
    return not is_fulltext_object(name)


def _differences(store: storage.Store) -> list:
    with store.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "include_name": _declared})
        return compare_metadata(context, metadata)


def test_migrations_produce_the_declared_schema(store_url, tmp_path):
    store = storage.open_store(store_url, tmp_path / "files")  # migrated to head on open
    try:
        diff = _differences(store)
    finally:
        store.close()
    assert diff == [], f"migrations and storage/schema.py disagree: {diff}"


def test_the_comparison_sees_a_missing_column(sqlite_url, tmp_path):
    """Guards the test above: a column the migrations never made is a difference."""
    store = storage.open_store(sqlite_url, tmp_path / "files")
    try:
        with store.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE runs DROP COLUMN error")
        diff = _differences(store)
    finally:
        store.close()
    assert any(d[0] == "add_column" and d[3].name == "error" for d in diff), diff


def test_fulltext_index_exists_and_follows_new_articles(store_url, tmp_path):
    """Migration 0007 indexes what is stored, and the engine keeps it in step."""
    from sqlalchemy import inspect, select

    from storage.fulltext import matching_rows
    from storage.schema import articles

    store = storage.open_store(store_url, tmp_path / "files")
    try:
        with store.connect() as conn:
            names = set(inspect(conn).get_table_names())
            indexes = {i["name"] for i in inspect(conn).get_indexes("articles")}
        assert "articles_fts" in names if store.is_sqlite else "ix_articles_fulltext" in indexes
        with store.begin() as conn:
            _add_article(conn, "Harbour strike ends", "Dock workers went back to work.")
        with store.connect() as conn:
            def found(query):
                return conn.execute(select(articles.c.title).where(
                    matching_rows(conn.dialect.name, query))).scalars().all()
            assert found("dock WORKERS") == ["Harbour strike ends"]
            assert found('"workers went"') == ["Harbour strike ends"]
            assert found('"went workers"') == [] and found("dock plumbers") == []
            assert matching_rows(conn.dialect.name, "?! --") is None
    finally:
        store.close()


def _add_article(conn, title: str, text: str) -> None:
    from datetime import datetime, timezone

    now = datetime(2026, 11, 25, tzinfo=timezone.utc)
    url = "https://example.com/news/strike"
    storage.ensure_source(conn, "s", "https://example.com/", now)
    page_id, _ = storage.record_fetch(conn, storage.PageFetch(
        source="s", url_key=url, url=url, canonical_url=url, kind="article", status=200,
        content_type="text/html", etag=None, last_modified=None, body_hash="a" * 64,
        body_bytes=1, warc_file=None, warc_offset=None, warc_length=None, fetched_at=now))
    storage.save_article(conn, storage.ArticleVersion(
        article_id="a1", page_id=page_id, body_hash="a" * 64, parser_version="t", status="ok",
        source="s", url=url, canonical_url=url, title=title, author=None, published=now,
        language="en", text=text, content_hash="h", fetched_at=now, extracted_at=now))

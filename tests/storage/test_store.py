"""Storage against real SQLite files and a real PostgreSQL database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

import storage
from storage import ArticleVersion, PageFetch

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)


def _fetch(url="http://site.test/news/a-story", body=b"<html>v1</html>", at=T0, **kw):
    values = dict(source="site", url_key=storage.url_key(url), url=url, canonical_url=url,
                  kind="article", status=200, content_type="text/html; charset=utf-8",
                  etag='"e1"', last_modified=None, body_hash=storage.body_hash(body),
                  body_bytes=len(body), warc_file="warc/x.warc.gz", warc_offset=0,
                  warc_length=10, fetched_at=at)
    values.update(kw)
    return PageFetch(**values)


def _article(page_id, body_hash, text="Some text.", published=T0, **kw):
    canonical = "http://site.test/news/a-story"
    values = dict(article_id=storage.article_id("site", canonical), page_id=page_id,
                  body_hash=body_hash, parser_version="1", status="ok", source="site",
                  url=canonical, canonical_url=canonical, title="A story", author="Jo",
                  published=published, language="en", text=text,
                  content_hash=storage.content_hash(text), fetched_at=T0, extracted_at=T0)
    values.update(kw)
    return ArticleVersion(**values)


@pytest.fixture
def store(store_url):
    s = storage.open_store(store_url)
    with s.begin() as conn:
        storage.ensure_source(conn, "site", "http://site.test/", T0)
    yield s
    s.close()


def test_migrations_create_every_table_and_reopen_is_a_no_op(store):
    names = set(sa.inspect(store.engine).get_table_names())
    assert {"sources", "pages", "articles", "signatures", "clusters", "memberships", "runs",
            "crawl_stats", "alembic_version"} <= names
    again = storage.open_store(store.url)  # migrating an up-to-date store changes nothing
    assert set(sa.inspect(again.engine).get_table_names()) == names
    again.close()


def test_sqlite_store_uses_wal_and_keeps_files_beside_it(sqlite_url):
    s = storage.open_store(sqlite_url)
    with s.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (s.data_dir / "newsmon.db").exists()
    s.close()


def test_fetch_states_new_unchanged_changed(store):
    with store.begin() as conn:
        pid, state = storage.record_fetch(conn, _fetch())
        assert state == "new"
        pid2, state = storage.record_fetch(conn, _fetch(at=T0 + timedelta(days=1)))
        assert (pid2, state) == (pid, "unchanged")
        _, state = storage.record_fetch(conn, _fetch(body=b"<html>v2</html>",
                                                     at=T0 + timedelta(days=2)))
        assert state == "changed"
        known = storage.known_pages(conn, "site")
    page = known[storage.url_key("http://site.test/news/a-story")]
    assert page.etag == '"e1"' and page.last_fetched_at == T0 + timedelta(days=2)
    assert page.body_hash == storage.body_hash(b"<html>v2</html>")


def test_pending_extraction_follows_body_and_parser_version(store):
    with store.begin() as conn:
        pid, _ = storage.record_fetch(conn, _fetch())
        storage.record_fetch(conn, _fetch(url="http://site.test/", kind="listing"))
        pending = storage.pending_extraction(conn, "1")
        assert [p.page_id for p in pending] == [pid]  # listings are never extracted
        assert storage.save_article(conn, _article(pid, pending[0].body_hash))
        assert not storage.save_article(conn, _article(pid, pending[0].body_hash))
        assert storage.pending_extraction(conn, "1") == []
        assert [p.page_id for p in storage.pending_extraction(conn, "2")] == [pid]
        storage.record_fetch(conn, _fetch(body=b"<html>v2</html>"))
        assert [p.page_id for p in storage.pending_extraction(conn, "1")] == [pid]


def test_previous_versions_are_kept_and_the_newest_is_current(store):
    with store.begin() as conn:
        pid, _ = storage.record_fetch(conn, _fetch())
        storage.save_article(conn, _article(pid, "h1", text="First version."))
        storage.save_article(conn, _article(pid, "h2", text="Second version."))
        rows = conn.execute(sa.select(sa.func.count()).select_from(
            storage.schema.articles)).scalar_one()
        current = storage.current_article(conn, _article(pid, "h").article_id)
    assert rows == 2 and current.text == "Second version."
    assert current.published == T0  # timezone survives the round trip


def test_clusters_memberships_and_export_record(store):
    with store.begin() as conn:
        pid, _ = storage.record_fetch(conn, _fetch())
        a = _article(pid, "h1")
        storage.save_article(conn, a)
        assert [d.article_id for d in storage.unclustered(conn)] == [a.article_id]
        storage.save_memberships(conn, [storage.NewMembership(
            a.article_id, "c1", 1.0, None, "founder")], "k", T0)
        assert storage.unclustered(conn) == []
        info = storage.get_cluster(conn, "c1")
        records = list(storage.iter_export_records(conn))
    assert info.size == 1 and info.last_seen == T0
    assert len(records) == 1
    rec = records[0]
    assert tuple(rec) == storage.EXPORT_FIELDS
    assert rec["cluster_id"] == "c1" and rec["is_representative"] is True
    assert rec["duplicate_of"] is None and rec["cluster_size"] == 1
    assert rec["published"] == "2026-11-20T08:00:00+00:00"


def test_export_filters_by_day_inclusive(store):
    with store.begin() as conn:
        pid, _ = storage.record_fetch(conn, _fetch())
        storage.save_article(conn, _article(pid, "h1"))
        day = date(2026, 11, 20)
        assert len(list(storage.iter_export_records(conn, since=day, until=day))) == 1
        assert list(storage.iter_export_records(conn, since=day + timedelta(days=1))) == []
        assert list(storage.iter_export_records(conn, until=day - timedelta(days=1))) == []
        assert list(storage.iter_export_records(conn, source="other")) == []


def test_runs_record_start_and_end(store):
    with store.begin() as conn:
        run = storage.start_run(conn, "crawl", "2026-11-20")
        storage.save_crawl_stats(conn, run, "site", {"requests": 3, "pages": 2,
                                                     "errors": {"timeout": 1}})
        storage.finish_run(conn, run, {"pages": 2})
        info = storage.recent_runs(conn, 1)[0]
        stats = storage.crawl_stats_for(conn, run)
    assert (info.status, info.stats) == ("done", {"pages": 2})
    assert stats[0]["errors"] == {"timeout": 1} and stats[0]["requests"] == 3


def test_bad_store_urls_are_one_line_errors(tmp_path):
    with pytest.raises(storage.StoreError, match="not a database URL"):
        storage.open_store("not a url")
    with pytest.raises(storage.StoreError, match="unsupported database 'mysql'"):
        storage.open_store("mysql://root@127.0.0.1/test")
    with pytest.raises(storage.StoreUnavailable, match=r"127\.0\.0\.1:1") as info:
        storage.open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "\n" not in str(info.value)

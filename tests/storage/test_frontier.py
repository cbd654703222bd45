"""What one crawl hands the next: saved frontiers, learned URL rules, re-keyed pages, and the
per-source completion marker."""

from __future__ import annotations

import pytest

import storage


@pytest.fixture
def store(tmp_path):
    opened = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    with opened.begin() as conn:
        storage.ensure_source(conn, "s", "http://h/", storage.utcnow())
    yield opened
    opened.close()


def _page(conn, key: str, kind: str = "article", canonical: str | None = None) -> None:
    storage.record_fetch(conn, storage.PageFetch(
        source="s", url_key=key, url=key, canonical_url=canonical or key, kind=kind, status=200,
        content_type="text/html", etag=None, last_modified=None, body_hash="h" + key,
        body_bytes=1, warc_file="w", warc_offset=0, warc_length=1, fetched_at=storage.utcnow()))


def test_a_saved_frontier_replaces_the_last_one_and_reads_back_in_order(store):
    entries = [storage.FrontierEntry(f"http://h/{i}", "page", i % 3, None) for i in range(5)]
    with store.begin() as conn:
        storage.save_frontier(conn, "s", entries[:2], storage.utcnow())
        storage.save_frontier(conn, "s", entries, storage.utcnow())
        assert storage.load_frontier(conn, "s") == entries
        storage.save_frontier(conn, "s", [], storage.utcnow())
        assert storage.load_frontier(conn, "s") == []


def test_rules_are_kept_once(store):
    with store.begin() as conn:
        for _ in range(2):
            storage.save_rule(conn, "s", "query:sid", "a = b", storage.utcnow())
        storage.save_rule(conn, "s", "path:1:(S(*))", "c = d", storage.utcnow())
        assert storage.load_rules(conn, "s") == ["query:sid", "path:1:(S(*))"]


def test_rekeying_moves_a_page_or_makes_it_an_alias(store):
    with store.begin() as conn:
        _page(conn, "http://h/a?sid=1")
        _page(conn, "http://h/b?sid=1")
        _page(conn, "http://h/b", canonical="http://h/b-canon")
        assert storage.rekey_page(conn, "s", "http://h/a?sid=1", "http://h/a") == "moved"
        assert storage.rekey_page(conn, "s", "http://h/b?sid=1", "http://h/b") == "aliased"
        assert storage.rekey_page(conn, "s", "http://h/zzz", "http://h/z") == "absent"
        known = storage.known_pages(conn, "s")
    assert known["http://h/a"].canonical_url == "http://h/a" and "http://h/a?sid=1" not in known
    assert known["http://h/b?sid=1"].kind == "alias"
    assert known["http://h/b?sid=1"].canonical_url == "http://h/b-canon"
    with store.connect() as conn:
        pending = {p.url for p in storage.pending_extraction(conn, "v1")}
    assert "http://h/b?sid=1" not in pending and "http://h/a?sid=1" in pending  # url kept


def test_a_page_with_a_body_takes_the_place_of_an_alias_when_rekeyed(store):
    """Fetched first as `?hl=x` (stored), then plainly (taken for its alias): once `hl` is
    learned the stored page moves to the plain key and the alias gives way."""
    with store.begin() as conn:
        _page(conn, "http://h/a?hl=x")
        storage.record_stub(conn, storage.PageStub(
            source="s", url_key="http://h/a", url="http://h/a", canonical_url="http://h/a?hl=x",
            kind="alias", status=200, content_type=None, fetched_at=storage.utcnow()))
        assert storage.rekey_page(conn, "s", "http://h/a?hl=x", "http://h/a") == "moved"
        known = storage.known_pages(conn, "s")
    assert set(known) == {"http://h/a"}
    assert known["http://h/a"].kind == "article" and known["http://h/a"].canonical_url == "http://h/a"


def test_finished_sources_are_those_with_a_completion_marker(store):
    with store.begin() as conn:
        storage.ensure_source(conn, "t", "http://t/", storage.utcnow())
        run = storage.start_run(conn, "crawl", "2024-05-01")
        done = storage.utcnow()
        storage.save_crawl_stats(conn, run, "s", {"requests": 3, "finished_at": done,
                                                 "out_of_time": True, "frontier_left": 7})
        storage.save_crawl_stats(conn, run, "t", {"requests": 1})
        assert storage.finished_sources(conn, run) == {"s": done}
        row = {r["source"]: r for r in storage.crawl_stats_for(conn, run)}["s"]
    assert row["out_of_time"] is True and row["frontier_left"] == 7


def test_pending_extraction_of_some_sources_only(store):
    with store.begin() as conn:
        storage.ensure_source(conn, "t", "http://t/", storage.utcnow())
        _page(conn, "http://h/x")
        storage.record_fetch(conn, storage.PageFetch(
            source="t", url_key="http://t/y", url="http://t/y", canonical_url="http://t/y",
            kind="article", status=200, content_type=None, etag=None, last_modified=None,
            body_hash="b", body_bytes=1, warc_file="w", warc_offset=0, warc_length=1,
            fetched_at=storage.utcnow()))
        assert {p.source for p in storage.pending_extraction(conn, "v1", sources=["t"])} == {"t"}
        assert {p.source for p in storage.pending_extraction(conn, "v1")} == {"s", "t"}

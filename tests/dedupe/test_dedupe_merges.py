"""Cluster merges through the stage and the store: a bridging copy on day 2 makes one
cluster of two; the absorbed id resolves everywhere; the index (file or Redis) follows."""

from __future__ import annotations

from datetime import timedelta

import pytest

import storage
from dedupe import DedupeConfig, cluster_new, redis_prefix
from tests.conftest import need_service

from dedupe_corpus import T0, Item, insert, replace_word, story, teaser

REDIS = "redis://127.0.0.1:6379/13"  # not db 0: a local Redis may hold real data there


def _related() -> str:
    return "Related stories\n" + "\n".join(" ".join(story(80 + k, words=30).split()[:12])
                                           for k in range(3))


def _run(store, day: int, index_url: str | None = None):
    return cluster_new(store, DedupeConfig(), now=T0 + timedelta(days=day, hours=1),
                       index_url=index_url)


def _bridged_store(store, index_url: str | None = None) -> dict[str, str]:
    full = story(12, words=600)
    at = lambda d, h: T0 + timedelta(days=d, hours=h)
    ids = {"teaser": insert(store, Item("aggregator", "t", teaser(full), at(0, 1), at(0, 1))),
           "portal": insert(store, Item("portal", "p", _related() + "\n" + full, at(0, 2),
                                        at(0, 2)))}
    first = _run(store, 0, index_url)
    assert (first.new_clusters, first.merged) == (2, 0)
    ids["wire"] = insert(store, Item("wire", "w", full, at(0, 0), at(1, 0)))
    second = _run(store, 1, index_url)
    assert (second.new_articles, second.joined, second.merged) == (1, 1, 1)
    return ids


def _check_merged(store, ids: dict[str, str]) -> None:
    survivor, absorbed = "c" + ids["teaser"], "c" + ids["portal"]
    with store.connect() as conn:
        assert storage.resolve_cluster(conn, absorbed) == survivor
        assert storage.resolve_cluster(conn, survivor) == survivor
        assert storage.resolve_cluster(conn, "cnothing") is None
        info = storage.get_cluster(conn, absorbed)
        assert info.cluster_id == survivor and info.size == 3
        # the wire copy (published first, full) stands for the merged cluster
        assert info.representative_id == ids["wire"]
        assert {m.article_id for m in storage.cluster_members(conn, absorbed)} == set(ids.values())
        assert {r["cluster_id"] for r in storage.cluster_records(conn, absorbed)} == {survivor}
        exported = {r["id"]: r for r in storage.iter_export_records(conn)}
        assert {r["cluster_id"] for r in exported.values()} == {survivor}
        assert exported[ids["portal"]]["duplicate_of"] == ids["wire"]
        assert storage.list_clusters(conn) == [info]  # the absorbed row is gone
        assert storage.aliases_of(conn, survivor) == [absorbed]
        merges = storage.cluster_merges(conn, T0 + timedelta(days=1), T0 + timedelta(days=2))
        assert [(m.absorbed, m.survivor, m.article_id) for m in merges] == [
            (absorbed, survivor, ids["wire"])]
        assert storage.cluster_merges(conn, T0, T0 + timedelta(hours=20)) == []


@pytest.fixture
def store(sqlite_url, tmp_path):
    opened = storage.open_store(sqlite_url, tmp_path / "files")
    yield opened
    opened.close()


def test_a_bridging_copy_merges_two_clusters_through_the_file_index(store):
    ids = _bridged_store(store)
    _check_merged(store, ids)
    # day 3: a copy of the portal's copy joins the merged cluster; the saved index is current
    late = insert(store, Item("other", "late", replace_word(_related() + "\n" + story(12, words=600)),
                              None, T0 + timedelta(days=2)))
    third = _run(store, 2)
    assert third.index_reused and third.merged == 0
    with store.connect() as conn:
        assert storage.cluster_of(conn, late) == "c" + ids["teaser"]
    assert _run(store, 3).new_articles == 0  # a rerun adds nothing


def test_merges_through_the_redis_index(sqlite_url, tmp_path):
    need_service("Redis", 6379)
    from tests.scaleout.conftest import drop_prefix

    opened = storage.open_store(sqlite_url, tmp_path / "files")
    try:
        _check_merged(opened, _bridged_store(opened, REDIS))
    finally:
        opened.close()
        drop_prefix(redis_prefix(sqlite_url))


def test_merges_on_postgresql(postgres_url, tmp_path):
    opened = storage.open_store(postgres_url, tmp_path / "files")
    try:
        _check_merged(opened, _bridged_store(opened))
    finally:
        opened.close()

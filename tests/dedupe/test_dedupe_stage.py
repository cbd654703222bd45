"""The dedupe stage against real stores: clustering, reruns, later days, window, reuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import storage
from dedupe import DedupeConfig, DedupeSummary, cluster_new
from dedupe.index_file import index_path
from storage.schema import clusters, memberships, signatures

from dedupe_corpus import T0, Item, insert, replace_word, story, syndication_items, teaser

NOW = T0 + timedelta(days=1)


@pytest.fixture
def store(sqlite_url):
    opened = storage.open_store(sqlite_url)
    yield opened
    opened.close()


def _load(store):
    groups = syndication_items()
    return {key: [insert(store, item) for item in items] for key, items in groups.items()}


def _cluster_of(store) -> dict[str, str]:
    with store.connect() as conn:
        return {r.article_id: r.cluster_id for r in conn.execute(select(memberships))}


def _counts(store) -> tuple[int, int, int]:
    with store.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (clusters, memberships, signatures))


def _check_corpus(store) -> dict[str, list[str]]:
    ids = _load(store)
    summary = cluster_new(store, DedupeConfig(), now=NOW)
    assert summary == DedupeSummary(new_articles=8, joined=4, new_clusters=4,
                                    signatures_computed=8, signatures_reused=0)
    where = _cluster_of(store)
    for key in ("a", "b"):
        assert {where[a] for a in ids[key]} == {"c" + ids[key][0]}, key
    others = {where[ids["a"][0]], where[ids["b"][0]]}
    assert len({where[n] for n in ids["neg"]} | others) == 4  # negatives alone, apart
    return ids


def test_copies_cluster_and_negatives_stay_apart(store):
    ids = _check_corpus(store)
    with store.connect() as conn:
        info = storage.get_cluster(conn, "c" + ids["b"][0])
    # the daily copy of b was published two hours before the wire's
    assert info.size == 2 and info.representative_id == ids["b"][1]
    assert info.representative_reason.startswith("earliest published (2026-11-20T06:00:00+00:00)")
    assert info.config_key == DedupeConfig().key


def test_rerun_is_a_no_op(store):
    _check_corpus(store)
    before, counts = _cluster_of(store), _counts(store)
    assert cluster_new(store, DedupeConfig(), now=NOW + timedelta(hours=1)) == DedupeSummary(
        0, 0, 0, 0, 0)
    assert _cluster_of(store) == before and _counts(store) == counts


def test_later_copy_joins_existing_cluster_and_can_become_representative(store):
    ids = _check_corpus(store)
    text = replace_word(syndication_items()["a"][0].text, every=50)
    late = insert(store, Item("gazette", "a-late", text, T0 - timedelta(hours=3),
                              NOW + timedelta(days=2)))
    summary = cluster_new(store, DedupeConfig(), now=NOW + timedelta(days=2))
    assert (summary.new_articles, summary.joined, summary.new_clusters) == (1, 1, 0)
    assert summary.signatures_computed == 1
    cluster_id = "c" + ids["a"][0]
    assert _cluster_of(store)[late] == cluster_id
    with store.connect() as conn:
        info = storage.get_cluster(conn, cluster_id)
    assert info.size == 5 and info.representative_id == late
    assert info.representative_reason == (
        "earliest published (2026-11-20T05:00:00+00:00) of 5 copies")


def test_same_text_elsewhere_reuses_its_signature(store):
    ids = _check_corpus(store)
    same = syndication_items()["b"][0].text
    again = insert(store, Item("mirror", "b", same, None, NOW + timedelta(hours=2)))
    summary = cluster_new(store, DedupeConfig(), now=NOW + timedelta(hours=2))
    assert (summary.signatures_computed, summary.signatures_reused) == (0, 1)
    assert _cluster_of(store)[again] == "c" + ids["b"][0]


def test_window_days_excludes_old_clusters(store):
    ids = _check_corpus(store)
    text = syndication_items()["a"][1].text + "\nOne more line from the later copy."
    later = NOW + timedelta(days=40)
    copy = insert(store, Item("gazette", "a-much-later", text, later, later))
    cluster_new(store, DedupeConfig(window_days=30), now=later)
    assert _cluster_of(store)[copy] == "c" + copy != "c" + ids["a"][0]
    copy2 = insert(store, Item("tribune", "a-much-later", text + " Two.", later, later))
    cluster_new(store, DedupeConfig(window_days=60), now=later)
    assert _cluster_of(store)[copy2] in {"c" + ids["a"][0], "c" + copy}


def test_empty_text_is_skipped(store):
    empty = insert(store, Item("wire", "empty", "   ", None, T0))
    full = insert(store, Item("wire", "full", story(9), None, T0))
    summary = cluster_new(store, DedupeConfig(), now=NOW)
    assert (summary.new_articles, summary.skipped) == (1, 1)
    assert set(_cluster_of(store)) == {full} and empty not in _cluster_of(store)


def test_failed_write_leaves_nothing_and_next_run_completes(store):
    # A real failure half-way through the write: a row already holding the id that b's
    # cluster will get makes its INSERT fail after a's memberships were written.
    ids = _load(store)
    blocker = clusters.insert().values(
        cluster_id="c" + ids["b"][0], config_key="x", representative_id="x",
        representative_reason="x", size=0, first_seen=T0, last_seen=T0, created_at=T0)
    with store.begin() as conn:
        conn.execute(blocker)
    with pytest.raises(IntegrityError):
        cluster_new(store, DedupeConfig(), now=NOW)
    assert _counts(store)[:2] == (1, 0)  # no membership; the signatures were kept
    with store.begin() as conn:
        conn.execute(clusters.delete())
    summary = cluster_new(store, DedupeConfig(), now=NOW)
    assert (summary.new_articles, summary.signatures_computed, summary.signatures_reused) == (
        8, 0, 8)


@pytest.mark.services
def test_stage_on_postgresql(postgres_url, tmp_path):
    opened = storage.open_store(postgres_url, tmp_path)  # its index file goes there, not ./
    try:
        _check_corpus(opened)
        assert cluster_new(opened, DedupeConfig(), now=NOW).new_articles == 0
    finally:
        opened.close()


def test_new_signature_key_recomputes_members_from_stored_text(store):
    ids = _check_corpus(store)
    reseeded = DedupeConfig(seed=2)
    copy = insert(store, Item("gazette", "b-again", replace_word(syndication_items()["b"][0].text,
                                                                 every=60), None, NOW))
    summary = cluster_new(store, reseeded, now=NOW)
    # the new copy, plus the 8 members signed again under the new key (from stored text)
    assert summary.signatures_computed == 9
    assert _cluster_of(store)[copy] == "c" + ids["b"][0]


def test_teaser_joins_and_the_full_copy_stays_representative(store):
    ids = _check_corpus(store)
    full = syndication_items()["a"][0].text
    late = NOW + timedelta(hours=3)
    short = insert(store, Item("aggregator", "a-teaser", teaser(full), T0 - timedelta(hours=5),
                               late))
    cluster_new(store, DedupeConfig(), now=late)
    cluster_id = "c" + ids["a"][0]
    assert _cluster_of(store)[short] == cluster_id
    with store.connect() as conn:
        info = storage.get_cluster(conn, cluster_id)
        kinds = {m.article_id: m.match_kind for m in storage.cluster_members(conn, cluster_id)}
    assert kinds[short] == "excerpt" and kinds[ids["a"][0]] == "founder"
    assert info.representative_id != short and "preferred over 1 excerpt" in (
        info.representative_reason)


def test_saved_index_is_reused_and_rebuilt_when_stale(store):
    ids = _check_corpus(store)
    path = index_path(store.data_dir, DedupeConfig())
    assert path.exists()
    base = syndication_items()["b"][0].text
    day2 = NOW + timedelta(days=1)
    first = insert(store, Item("gazette", "b-2", replace_word(base, every=70), None, day2))
    assert cluster_new(store, DedupeConfig(), now=day2).index_reused
    # A membership written behind the index's back (say, a run killed after its commit but
    # before its save) makes the saved file stale: the next run rebuilds from the store.
    with store.begin() as conn:
        conn.execute(memberships.delete().where(memberships.c.article_id == first))
    second = insert(store, Item("tribune", "b-3", replace_word(base, every=90), None, day2))
    summary = cluster_new(store, DedupeConfig(), now=day2 + timedelta(hours=1))
    assert not summary.index_reused and summary.new_articles == 2
    where = _cluster_of(store)
    assert where[first] == where[second] == "c" + ids["b"][0]
    assert cluster_new(store, DedupeConfig(), now=day2 + timedelta(hours=2)).new_articles == 0


@pytest.mark.parametrize("chunk", [1, 3])
def test_a_backlog_placed_in_chunks_clusters_as_in_one_go(tmp_path, chunk):
    """Memory is bounded by placing the backlog in chunks; the clusters must not change."""
    stores = {n: storage.open_store(f"sqlite:///{tmp_path / n / 'n.db'}") for n in ("one", "chunks")}
    try:
        for store in stores.values():
            _load(store)
        whole = cluster_new(stores["one"], DedupeConfig(), now=NOW)
        parts = cluster_new(stores["chunks"], DedupeConfig(), now=NOW, chunk=chunk)
        assert (parts.new_articles, parts.joined, parts.new_clusters) == (
            whole.new_articles, whole.joined, whole.new_clusters)
        assert _cluster_of(stores["chunks"]) == _cluster_of(stores["one"])
        assert cluster_new(stores["chunks"], DedupeConfig(), now=NOW, chunk=chunk).new_articles == 0
    finally:
        for store in stores.values():
            store.close()

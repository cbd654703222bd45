"""dedupe_records: texts you already have, clustered in memory by the stage's own code."""

from __future__ import annotations

from datetime import timedelta

import pytest

import storage
from dedupe import RECORD_FIELDS, DedupeConfig, cluster_new, dedupe_records

from dedupe_corpus import T0, Item, insert, syndication_items, teaser, story


def test_records_come_back_in_order_with_their_clusters():
    full = story(20, words=500)
    records = [{"id": 7, "text": teaser(full), "source": "agg", "url": "https://agg/t"},
               {"id": "wire", "text": full, "published": "2026-11-20T06:00:00Z"},
               {"id": "other", "text": story(21), "extra": [1, 2]},
               {"id": "blank", "text": "   "}]
    out = dedupe_records(records)
    assert [r["id"] for r in out] == [7, "wire", "other", "blank"]
    assert out[2]["extra"] == [1, 2] and "extra" not in records[0]  # copies, kept fields
    teaser_out, wire, other, blank = out
    assert teaser_out["cluster_id"] == wire["cluster_id"] == "c7"
    assert teaser_out["cluster_size"] == wire["cluster_size"] == 2
    # the full copy stands for the cluster, never the excerpt
    assert wire["is_representative"] and teaser_out["duplicate_of"] == "wire"
    assert (other["cluster_size"], other["is_representative"], other["duplicate_of"]) == (
        1, True, None)
    assert all(blank[f] is None for f in RECORD_FIELDS)


@pytest.mark.parametrize("records, message", [
    ([{"text": "x"}], "record 1: no 'id'"),
    ([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], "repeats"),
    ([{"id": "a", "text": None}], "'text' must be a string"),
    ([{"id": "a", "text": "x", "published": "yesterday"}], "not ISO 8601"),
])
def test_bad_records_are_named(records, message):
    with pytest.raises(ValueError, match=message):
        dedupe_records(records)


def test_the_same_texts_cluster_alike_in_the_stage_and_in_memory(sqlite_url):
    items = [i for group in syndication_items().values() for i in group]
    items += [Item("agg", "a-teaser", teaser(items[0].text), None, T0 + timedelta(hours=9))]
    store = storage.open_store(sqlite_url)
    try:
        ids = [insert(store, item) for item in items]
        cluster_new(store, DedupeConfig(), now=T0 + timedelta(days=1))
        with store.connect() as conn:
            staged = {aid: storage.cluster_of(conn, aid) for aid in ids}
    finally:
        store.close()
    order = sorted(range(len(items)), key=lambda i: (items[i].fetched_at, ids[i]))
    out = dedupe_records([{"id": ids[i], "text": items[i].text, "source": items[i].source}
                          for i in order])
    in_memory = {r["id"]: r["cluster_id"] for r in out}
    assert _partition(in_memory) == _partition(staged)
    assert len(_partition(staged)) < len(items)  # copies really were clustered


def _partition(cluster_of: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, cluster in cluster_of.items():
        groups.setdefault(cluster, set()).add(article)
    return {frozenset(g) for g in groups.values()}

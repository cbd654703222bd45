"""The shared index in Redis: compact band tables under the store's prefix.

It must find exactly what datasketch's `MinHashLSH.query` and the in-memory index find
(also for buckets shared by many copies, which spill out of their hash), export the window
to a datasketch `MinHashLSH`, place articles exactly as the single-machine file index does
(also when the window moves and old clusters are dropped), and rebuild itself when the
store moved on without it (a run killed between its commit and its Redis writes).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

import storage
from dedupe import DedupeConfig, cluster_new, redis_prefix, sign_texts, to_lean
from dedupe.clustering import lsh_bands
from dedupe.lsh import band_keys, candidate_pairs
from dedupe.redis_bands import RedisBands, partition_bits
from dedupe.signatures import LEAD_PERM
from storage.schema import memberships

from tests.dedupe.dedupe_corpus import (
    T0, Item, add_sentence, insert, replace_word, story, syndication_items, teaser,
    with_byline,
)
from tests.scaleout.conftest import drop_prefix, fresh_bands

REDIS_PARAMS = {"host": "127.0.0.1", "port": 6379, "db": 13}  # as tests/scaleout/conftest.py


def _placements(store) -> dict[str, tuple[str, str | None]]:
    with store.connect() as conn:
        rows = conn.execute(select(memberships.c.article_id, memberships.c.cluster_id,
                                   memberships.c.matched_id)).all()
    return {a: (c, m) for a, c, m in rows}


def _datasketch_lsh(config: DedupeConfig, ids, signed):
    """datasketch's own MinHashLSH (full and lead), banded as the index is, holding `ids`."""
    from datasketch import MinHashLSH

    full, lead = lsh_bands(config)
    out = (MinHashLSH(num_perm=config.num_perm, params=full, prepickle=False),
           MinHashLSH(num_perm=LEAD_PERM, params=lead, prepickle=False))
    for row, article_id in enumerate(ids):
        out[0].insert(article_id.encode(), to_lean(signed.values[row], config))
        out[1].insert(article_id.encode(), to_lean(signed.lead[row], config))
    return out


def _query(lsh_pair, config, signed, row) -> set[str]:
    full, lead = lsh_pair
    found = full.query(to_lean(signed.values[row], config))
    found += lead.query(to_lean(signed.lead[row], config))
    return {k.decode() for k in found}


def _texts() -> list[str]:
    """Copies, edits, teasers and briefs of eight stories, and one story copied 14 times
    (its buckets outgrow a hash field and spill)."""
    texts = []
    for seed in range(1, 9):
        text = story(seed)
        texts += [text, replace_word(text), with_byline(add_sentence(text)), teaser(text),
                  text.split("\n")[0]]
    return texts + [story(99)] * 14


def _ids(count: int) -> list[str]:
    return [f"{n:016x}" for n in range(1, count + 1)]


def test_the_shared_index_lives_under_the_store_prefix_and_exports_to_datasketch(
        store_url, redis_url, tmp_path):
    store = storage.open_store(store_url, tmp_path / "files")
    prefix, config = redis_prefix(store_url), DedupeConfig()
    try:
        groups = syndication_items()
        for item in groups["a"] + groups["neg"]:
            insert(store, item)
        first = cluster_new(store, config, now=T0 + timedelta(days=1), index_url=redis_url)
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        client.close()
        assert keys and all(k.startswith(f"{prefix}:{config.key}:".encode()) for k in keys)
        assert not (tmp_path / "files" / "dedupe").exists()  # no file index beside the store

        index = RedisBands(REDIS_PARAMS, prefix, config)
        full, lead = index.to_datasketch()  # what a datasketch user gets
        placed = _placements(store)
        assert index.count() == len(placed) == first.new_articles
        assert full.keys.size() == lead.keys.size() == len(placed)
        with store.connect() as conn:
            texts = {a.article_id: a.text for a in
                     (storage.current_article(conn, aid) for aid in placed)}
        signed = sign_texts(list(texts.values()), config)
        for row, article_id in enumerate(texts):
            found = {k.decode() for k in full.query(to_lean(signed.values[row], config))}
            assert article_id in found
            # every copy of story a shares a band with the others: one query finds them all
            if placed[article_id][0] == placed[next(iter(texts))][0]:
                assert {a for a, (c, _) in placed.items() if c == placed[article_id][0]} <= found
            assert found <= index.candidates(signed.values[row:row + 1],
                                             signed.lead[row:row + 1])
        full.remove(next(iter(texts)).encode())  # an export is a working MinHashLSH

        for item in groups["b"]:
            insert(store, item)
        second = cluster_new(store, config, now=T0 + timedelta(days=2), index_url=redis_url)
        assert not first.index_reused and second.index_reused
        assert second.new_articles == len(groups["b"]) and second.new_clusters == 1
        assert index.count() == len(_placements(store))
    finally:
        store.close()
        drop_prefix(prefix)


@pytest.mark.parametrize("bits", [4, 9])
def test_lookup_finds_exactly_what_datasketch_and_the_in_memory_index_find(redis_url, bits):
    config = DedupeConfig()
    texts = _texts()
    signed, ids = sign_texts(texts, config), _ids(len(texts))
    half = len(texts) - 4  # 10 of the 14 copies are in, 4 are asked about
    prefix = f"newsmon:test-lookup-{bits}"
    with fresh_bands(prefix, config) as index:
        index.client.hset(index.base + ":state", "bits", bits)  # partitions do not matter
        assert index.insert(ids[:half], signed.values[:half], signed.lead[:half]) == half
        theirs = _datasketch_lsh(config, ids[:half], signed)
        # the in-memory index: indexed rows sharing a band key with the row (no cap)
        full, lead = lsh_bands(config)
        in_memory = {}
        for keys in (band_keys(signed.values, *full), band_keys(signed.lead, *lead)):
            for row in range(len(texts)):
                ptr, cands = candidate_pairs(np.concatenate((keys[:half], keys[row:row + 1])),
                                             half, cap=10 ** 6)
                in_memory.setdefault(row, set()).update(ids[c] for c in cands)
        hits = 0
        for row in range(len(texts)):
            ours = index.candidates(signed.values[row:row + 1], signed.lead[row:row + 1])
            assert ours == _query(theirs, config, signed, row) == in_memory[row], f"row {row}"
            hits += len(ours)
        assert hits > half  # the stories' copies really collide
        assert index.candidates(signed.values, signed.lead) == set(ids[:half])
        spills = list(index.client.scan_iter(match=index.base.encode() + b":fx*"))
        assert spills  # the story copied 14 times outgrew its hash fields


def test_a_load_cut_into_many_calls_keeps_every_member(redis_url, monkeypatch):
    """Batches travel in chunks of records: a bucket cut between two calls loses nothing."""
    import dedupe.redis_bands as bands

    config = DedupeConfig()
    texts = _texts()
    signed, ids = sign_texts(texts, config), _ids(len(texts))
    prefix = "newsmon:test-chunks"
    drop_prefix(prefix)
    try:
        whole = RedisBands(REDIS_PARAMS, prefix + "-whole", config)
        whole.clear()
        whole.bulk_load(ids, signed.values, signed.lead)
        monkeypatch.setattr(bands, "_CHUNK", 3)  # 3 records a call: buckets get cut
        for load in ("bulk_load", "insert"):
            cut = RedisBands(REDIS_PARAMS, f"{prefix}-{load}", config)
            cut.clear()
            assert getattr(cut, load)(ids, signed.values, signed.lead) == len(ids)
            for row in range(len(texts)):
                args = (signed.values[row:row + 1], signed.lead[row:row + 1])
                assert cut.candidates(*args) == whole.candidates(*args), f"{load} row {row}"
    finally:
        for suffix in ("-whole", "-bulk_load", "-insert"):
            drop_prefix(prefix + suffix)


def test_removal_leaves_what_datasketch_remove_leaves(redis_url):
    config = DedupeConfig()
    texts = _texts()
    signed, ids = sign_texts(texts, config), _ids(len(texts))
    prefix = "newsmon:test-rm"
    with fresh_bands(prefix, config) as index:
        index.insert(ids, signed.values, signed.lead)
        assert index.insert(ids[:5], signed.values[:5], signed.lead[:5]) == 0  # no doubles
        theirs = _datasketch_lsh(config, ids, signed)
        gone = list(range(0, len(ids), 3))
        unknown = story(1234)
        extra = sign_texts([unknown], config)
        assert index.remove([ids[r] for r in gone] + ["f" * 16],
                            np.concatenate((signed.values[gone], extra.values)),
                            np.concatenate((signed.lead[gone], extra.lead))) == len(gone)
        for r in gone:
            for lsh in theirs:
                lsh.remove(ids[r].encode())
        assert index.count() == len(ids) - len(gone)
        for row in range(len(texts)):
            ours = index.candidates(signed.values[row:row + 1], signed.lead[row:row + 1])
            assert ours == _query(theirs, config, signed, row), f"row {row}"
        rest = [r for r in range(len(ids)) if r not in gone]
        index.remove([ids[r] for r in rest], signed.values[rest], signed.lead[rest])
        left = [k for k in index.client.scan_iter(match=f"{prefix}:*")]
        assert left == [f"{index.base}:state".encode()]  # no bucket, no spill is left
        assert index.count() == 0


def test_partitions_grow_with_the_window():
    assert partition_bits(0) == partition_bits(100) == 4
    bits = partition_bits(1_000_000)
    assert 2 ** bits * 48 >= 1_000_000 > 2 ** (bits - 1) * 48  # <= 48 entries per hash
    assert partition_bits(10 ** 12) == 24


def _day_items(day: int) -> list[Item]:
    """Day 1: stories 1-3 and copies; later days: more copies of old stories (which join
    or, once their cluster left the window, found new clusters) and new stories."""
    at = lambda h: T0 + timedelta(days=day - 1, hours=h)
    items = []
    for seed in range(day, day + 3):
        text = story(seed)
        items += [Item("wire", f"s{seed}-d{day}", text, at(0), at(seed % 5 + 1)),
                  Item("daily", f"s{seed}-copy-d{day}", replace_word(text), at(0), at(6)),
                  Item("herald", f"s{seed}-teaser-d{day}", teaser(text), at(0), at(7))]
    return items


@pytest.mark.parametrize("window_days", [30, 1])
def test_redis_and_file_index_place_every_article_alike(sqlite_url, redis_url, tmp_path,
                                                        window_days):
    """Day by day, the Redis index and the file index make the same choices; with a one-day
    window old clusters leave the Redis index too."""
    config = DedupeConfig(window_days=window_days)
    file_store = storage.open_store(f"sqlite:///{tmp_path / 'file' / 'n.db'}", tmp_path / "file")
    redis_store = storage.open_store(sqlite_url, tmp_path / "redis")
    prefix = redis_prefix(sqlite_url)
    try:
        sizes = []
        for day in range(1, 5):
            now = T0 + timedelta(days=day, hours=12)
            for item in _day_items(day):
                insert(file_store, item)
                insert(redis_store, item)
            by_file = cluster_new(file_store, config, now=now)
            by_redis = cluster_new(redis_store, config, now=now, index_url=redis_url)
            assert (by_redis.new_articles, by_redis.new_clusters) == (
                by_file.new_articles, by_file.new_clusters)
            assert by_redis.index_reused == (day > 1)
            assert _placements(redis_store) == _placements(file_store), f"day {day}"
            sizes.append(RedisBands(REDIS_PARAMS, prefix, config).count())
        placed = len(_placements(redis_store))
        with redis_store.connect() as conn:  # what the last run's window holds
            in_window = len(storage.members_since(conn, now - timedelta(days=window_days)))
        assert sizes[-1] == in_window
        if window_days == 1:  # clusters not seen since the day before left the index
            assert in_window < placed
        else:
            assert in_window == placed
    finally:
        file_store.close()
        redis_store.close()
        drop_prefix(prefix)


def test_a_store_that_moved_on_without_the_index_gets_it_rebuilt(sqlite_url, redis_url,
                                                                  tmp_path):
    """A run killed between its commit and its Redis writes leaves Redis behind the store;
    the next run must notice (fingerprint) and rebuild, not match against a partial index."""
    config = DedupeConfig()
    store = storage.open_store(sqlite_url, tmp_path / "files")
    prefix = redis_prefix(sqlite_url)
    try:
        for item in _day_items(1):
            insert(store, item)
        cluster_new(store, config, now=T0 + timedelta(days=1), index_url=redis_url)
        for item in _day_items(2):
            insert(store, item)
        cluster_new(store, config, now=T0 + timedelta(days=2))  # the store moves on alone
        index = RedisBands(REDIS_PARAMS, prefix, config)
        assert index.count() < len(_placements(store))
        for item in _day_items(3):
            insert(store, item)
        third = cluster_new(store, config, now=T0 + timedelta(days=3), index_url=redis_url)
        assert not third.index_reused
        assert index.count() == len(_placements(store))
        ids = list(_placements(store))
        # the rebuilt index finds day 2's articles (which it never saw being placed)
        with store.connect() as conn:
            day2 = [a for a in ids if storage.current_article(conn, a).fetched_at
                    .date() == (T0 + timedelta(days=1)).date()]
            signed = sign_texts([storage.current_article(conn, a).text for a in day2], config)
        assert set(day2) <= index.candidates(signed.values, signed.lead)
        assert np.all(signed.words > 0)
    finally:
        store.close()
        drop_prefix(prefix)


def test_relays_reach_the_redis_index_as_the_file_index(store_url, redis_url, tmp_path):
    # An excerpt founds on day 1, the full story joins it; a day-2 write-thru (no excerpt
    # opening) joins through the full story, which the Redis path must load as a relay.
    store = storage.open_store(store_url, tmp_path / "files")
    try:
        full = story(91, words=600)
        first = insert(store, Item("wire", "excerpt", "\n".join(full.split("\n")[:2]), None, T0))
        insert(store, Item("paper", "full", full, None, T0 + timedelta(minutes=1)))
        cluster_new(store, DedupeConfig(), now=T0 + timedelta(hours=1), index_url=redis_url)
        thru = "\n".join(story(92, words=120).split("\n") + full.split("\n")[2:])
        later = insert(store, Item("portal", "thru", thru, None, T0 + timedelta(days=1)))
        cluster_new(store, DedupeConfig(), now=T0 + timedelta(days=1, hours=1),
                    index_url=redis_url)
        assert _placements(store)[later][0] == "c" + first
    finally:
        store.close()
        drop_prefix(redis_prefix(store_url))

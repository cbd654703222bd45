"""The shared index in Redis: datasketch's own MinHashLSH layout under the store's prefix.

It must be what datasketch itself reads (a MinHashLSH opened on the same basename finds
the articles), place articles exactly as the single-machine file index does (also when the
window moves and old clusters are dropped), and rebuild itself when the store moved on
without it (a run killed between its commit and its Redis writes).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

import storage
from dedupe import DedupeConfig, cluster_new, redis_prefix, sign_texts, to_lean
from dedupe.clustering import lsh_bands
from dedupe.redis_lsh import RedisLSH
from dedupe.signatures import LEAD_PERM
from storage.schema import memberships

from tests.dedupe.dedupe_corpus import (
    T0, Item, add_sentence, insert, replace_word, story, syndication_items, teaser,
    with_byline,
)
from tests.scaleout.conftest import drop_prefix

REDIS_PARAMS = {"host": "127.0.0.1", "port": 6379, "db": 0}


def _placements(store) -> dict[str, tuple[str, str | None]]:
    with store.connect() as conn:
        rows = conn.execute(select(memberships.c.article_id, memberships.c.cluster_id,
                                   memberships.c.matched_id)).all()
    return {a: (c, m) for a, c, m in rows}


def _datasketch_lsh(prefix: str, config: DedupeConfig, part: str = "full"):
    """The index as a datasketch user would open it, knowing only the documented names."""
    from datasketch import MinHashLSH

    full, lead = lsh_bands(config)
    return MinHashLSH(num_perm=config.num_perm if part == "full" else LEAD_PERM,
                      params=full if part == "full" else lead, prepickle=False,
                      storage_config={"type": "redis", "redis": REDIS_PARAMS,
                                      "basename": f"{prefix}:{config.key}:{part}".encode()})


def test_the_index_is_datasketch_minhashlsh_under_the_store_prefix(store_url, redis_url,
                                                                    tmp_path):
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

        lsh = _datasketch_lsh(prefix, config)
        placed = _placements(store)
        assert lsh.keys.size() == len(placed) == first.new_articles
        with store.connect() as conn:
            texts = {a.article_id: a.text for a in
                     (storage.current_article(conn, aid) for aid in placed)}
        signed = sign_texts(list(texts.values()), config)
        for row, article_id in enumerate(texts):
            found = {k.decode() for k in lsh.query(to_lean(signed.values[row], config))}
            assert article_id in found
            # every copy of story a shares a band with the others: one query finds them all
            if placed[article_id][0] == placed[next(iter(texts))][0]:
                assert {a for a, (c, _) in placed.items() if c == placed[article_id][0]} <= found

        for item in groups["b"]:
            insert(store, item)
        second = cluster_new(store, config, now=T0 + timedelta(days=2), index_url=redis_url)
        assert not first.index_reused and second.index_reused
        assert second.new_articles == len(groups["b"]) and second.new_clusters == 1
        assert lsh.keys.size() == len(_placements(store))
    finally:
        store.close()
        drop_prefix(prefix)


def test_batched_lookup_finds_exactly_what_datasketch_query_finds(redis_url):
    config = DedupeConfig()
    texts = []
    for seed in range(1, 9):  # copies, edits, teasers and briefs of eight stories
        text = story(seed)
        texts += [text, replace_word(text), with_byline(add_sentence(text)), teaser(text),
                  text.split("\n")[0]]
    signed = sign_texts(texts, config)
    ids = [f"{n:032x}" for n in range(len(texts))]
    prefix = "newsmon:test-lookup"
    drop_prefix(prefix)
    index = RedisLSH(REDIS_PARAMS, prefix, config)
    try:
        half = len(texts) // 2
        index.insert(ids[:half], signed.values[:half], signed.lead[:half])
        full, lead = _datasketch_lsh(prefix, config), _datasketch_lsh(prefix, config, "lead")
        hits = 0
        for row in range(len(texts)):
            batched = index.candidates(signed.values[row:row + 1], signed.lead[row:row + 1])
            expected = {k.decode() for k in full.query(to_lean(signed.values[row], config))}
            expected |= {k.decode() for k in lead.query(to_lean(signed.lead[row], config))}
            assert batched == expected, f"row {row}"
            hits += len(expected)
        assert hits > half  # the stories' copies really collide
        everything = index.candidates(signed.values, signed.lead)
        assert everything == set(ids[:half])
    finally:
        drop_prefix(prefix)


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
            sizes.append(RedisLSH(REDIS_PARAMS, prefix, config).count())
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
        index = RedisLSH(REDIS_PARAMS, prefix, config)
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


def test_removal_leaves_redis_exactly_as_datasketch_remove_does(redis_url):
    import redis

    config = DedupeConfig()
    texts = [replace_word(story(seed), every) for seed in range(1, 6) for every in (40, 80)]
    signed = sign_texts(texts, config)
    ids = [f"{n:032x}" for n in range(len(texts))]
    client = redis.Redis(**REDIS_PARAMS)
    ours, theirs = "newsmon:test-rm-ours", "newsmon:test-rm-theirs"
    try:
        for prefix in (ours, theirs):
            drop_prefix(prefix)
            RedisLSH(REDIS_PARAMS, prefix, config).insert(ids, signed.values, signed.lead)
        gone = ids[::3] + ["f" * 32]  # and one id that was never there
        assert RedisLSH(REDIS_PARAMS, ours, config).remove(gone) == len(ids[::3])
        for part in ("full", "lead"):
            lsh = _datasketch_lsh(theirs, config, part)
            for article_id in ids[::3]:
                lsh.remove(article_id.encode())

        def dump(prefix):
            out = {}
            for key in client.scan_iter(match=f"{prefix}:*"):
                kind = client.type(key).decode()
                value = (client.hgetall(key) if kind == "hash" else
                         sorted(client.smembers(key)) if kind == "set" else
                         client.lrange(key, 0, -1))
                if kind == "hash":
                    value = {f: v.replace(theirs.encode(), ours.encode()) for f, v in value.items()}
                out[key.replace(theirs.encode(), ours.encode())] = (kind, value)
            return out

        assert dump(ours) == dump(theirs)
        assert RedisLSH(REDIS_PARAMS, ours, config).count() == len(ids) - len(ids[::3])
    finally:
        client.close()
        drop_prefix(ours)
        drop_prefix(theirs)

"""The compact index's raw protocol: packers, the reply scanner, adds one by one, rebuilds.

The compiled packers must write exactly what the numpy ones write; the scanner must
locate the same items whether a reply arrives whole or cut anywhere, and report Redis's
errors; adds of one copy at a time (a bucket growing past its hash field into a spill)
must leave what datasketch leaves; a rebuild reads only signatures from the store (signing
again those it does not find there) and finds what the index held before.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import numpy as np
import pytest
import redis
from sqlalchemy import delete

import storage
import dedupe.band_resp as band_resp
from dedupe import DedupeConfig, cluster_new, redis_prefix, sign_texts
from dedupe.band_kernels import scan
from dedupe.band_wire import roundtrip
from dedupe.redis_bands import RedisBands
from storage.schema import signatures

from tests.dedupe.dedupe_corpus import T0, Item, insert, story
from tests.scaleout.conftest import drop_prefix, fresh_bands
from tests.scaleout.test_redis_index import (
    REDIS_PARAMS, _datasketch_lsh, _day_items, _ids, _placements, _query, _texts,
)


def _records(rng, n: int = 3000) -> np.ndarray:
    """Grouped records (suffix | 8-byte field | member), some buckets large enough to spill."""
    suffix = np.sort(rng.integers(0, 40, n)).astype(np.uint32)
    field = rng.integers(0, 25, n)
    order = np.lexsort((field, suffix))
    cols = [suffix[order].astype(">u4").view(np.uint8).reshape(-1, 4),
            np.repeat(field[order][:, None], 2, 1).astype(">u4").view(np.uint8).reshape(-1, 8),
            rng.integers(0, 2 ** 63, n).astype(">u8").view(np.uint8).reshape(-1, 8)]
    return np.concatenate(cols, axis=1)


def test_compiled_packers_write_what_the_numpy_packers_write(monkeypatch):
    records = _records(np.random.default_rng(1))
    compiled = (band_resp.hset_commands(b"k:f", records, 8, 64),
                band_resp.hmget_commands(b"k:f", records[:, :12], 8, 7))
    monkeypatch.setattr(band_resp, "_NUMPY_ONLY", True)
    plain = (band_resp.hset_commands(b"k:f", records, 8, 64),
             band_resp.hmget_commands(b"k:f", records[:, :12], 8, 7))
    assert compiled[0] == plain[0] and compiled[0][2]  # same bytes, and spills among them
    assert compiled[1][:2] == plain[1][:2] and np.array_equal(compiled[1][2], plain[1][2])
    assert max(compiled[1][2]) == 7  # long runs of one key were cut into several HMGETs


def _hmget_reply(redis_url) -> tuple[bytes, int, int]:
    """A real HMGET reply with members, nils and a spill marker, as Redis sends it."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete("test-wire:h")
        client.hset("test-wire:h", mapping={b"a": b"12345678" * 3, b"b": b"", b"c": b"\r\n$-1"})
        packed = b"".join(b"*%d\r\n" % len(c) + b"".join(b"$%d\r\n%b\r\n" % (len(a), a)
                                                         for a in c) for c in
                          [[b"HMGET", b"test-wire:h", b"a", b"x", b"b", b"c"], [b"GET", b"nope"],
                           [b"HSET", b"test-wire:h", b"d", b"1"]])
        replies = roundtrip(client, [packed], 3, 6)
        assert replies.length.tolist() == [24, -1, 0, 5, -1, -2]
        assert replies.values(np.array([0, 3])) == [b"12345678" * 3, b"\r\n$-1"]
        return replies.data.tobytes(), 3, 6
    finally:
        client.delete("test-wire:h")
        client.close()


def test_the_scanner_finds_every_item_however_the_reply_is_cut(redis_url):
    data, replies, items = _hmget_reply(redis_url)
    buf = np.frombuffer(data, np.uint8)
    whole = np.empty(items, np.int64), np.empty(items, np.int64)
    assert scan(buf, buf.size, 0, replies, *whole, 0) == (buf.size, replies, items, -1)
    for run in (scan, scan.py_func):  # compiled, and as plain Python (without numba)
        for cut in range(1, buf.size):
            off, length = np.empty(items, np.int64), np.empty(items, np.int64)
            pos, done, found, error = run(buf, cut, 0, replies, off, length, 0)
            assert error == -1 and pos <= cut
            pos, more, found, error = run(buf, buf.size, pos, replies - done, off, length, found)
            assert (pos, done + more, found, error) == (buf.size, replies, items, -1), cut
            assert np.array_equal(off, whole[0]) and np.array_equal(length, whole[1])


def test_a_redis_error_is_raised_and_the_connection_dropped(redis_url):
    client = redis.Redis.from_url(redis_url)
    try:
        client.set("test-wire:s", "not a hash")
        with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
            roundtrip(client, [b"*3\r\n$5\r\nHMGET\r\n$11\r\ntest-wire:s\r\n$1\r\na\r\n"], 1, 1)
        assert client.get("test-wire:s") == b"not a hash"  # the next command is answered
    finally:
        client.delete("test-wire:s")
        client.close()


def test_copies_added_one_at_a_time_leave_what_datasketch_leaves(redis_url):
    """Each add reads the buckets, merges and writes them back: a bucket grows past the
    hash field's limit (and spills) over many adds, members added twice count once."""
    config = DedupeConfig()
    texts = _texts()
    signed, ids = sign_texts(texts, config), _ids(len(texts))
    prefix = "newsmon:test-one-by-one"
    with fresh_bands(prefix, config) as index:
        for row in range(len(ids)):
            assert index.insert(ids[row:row + 1], signed.values[row:row + 1],
                                signed.lead[row:row + 1]) == 1
        assert index.insert(ids[-3:], signed.values[-3:], signed.lead[-3:]) == 0
        assert index.count() == len(ids)
        theirs = _datasketch_lsh(config, ids, signed)
        for row in range(len(texts)):
            ours = index.candidates(signed.values[row:row + 1], signed.lead[row:row + 1])
            assert ours == _query(theirs, config, signed, row), f"row {row}"
        assert list(index.client.scan_iter(match=index.base.encode() + b":fx*"))  # spilled


def test_a_rebuild_reads_signatures_and_signs_what_the_store_lost(postgres_url, redis_url,
                                                                  tmp_path):
    """The rebuilt band tables (read from the store's signatures, streamed) find what the
    index found before; members whose signature row is gone are signed again."""
    config = DedupeConfig()
    store = storage.open_store(postgres_url, tmp_path / "files")
    prefix = redis_prefix(postgres_url)
    try:
        for day in (1, 2):
            for item in _day_items(day):
                insert(store, item)
            cluster_new(store, config, now=T0 + timedelta(days=day), index_url=redis_url)
        index = RedisBands(REDIS_PARAMS, prefix, config)
        probe = sign_texts([story(1), story(2), story(3)], config)
        before = index.candidates(probe.values, probe.lead)
        assert len(before) >= 3
        with store.begin() as conn:  # one member's signature row is gone
            conn.execute(delete(signatures).where(signatures.c.content_hash.in_(
                [storage.current_article(conn, a).content_hash for a in sorted(before)[:1]])))
        index.client.delete(index.base + ":state")
        insert(store, Item("wire", "new-story", story(50), T0 + timedelta(days=2),
                           T0 + timedelta(days=2, hours=1)))
        third = cluster_new(store, config, now=T0 + timedelta(days=3), index_url=redis_url)
        # the new story, and the member whose signature was lost (signed by the rebuild)
        assert not third.index_reused and third.signatures_computed == 2
        assert index.count() == len(_placements(store))
        assert before <= index.candidates(probe.values, probe.lead)
    finally:
        store.close()
        drop_prefix(prefix)


def test_an_add_after_its_look_up_merges_what_the_look_up_read(redis_url):
    """insert(looked_up=True) reuses candidates(keep=True) of the same rows; any write in
    between, or other rows, makes it read the buckets again (else members would be lost)."""
    config = DedupeConfig()
    texts = _texts()
    signed, ids = sign_texts(texts, config), _ids(len(texts))
    prefix = "newsmon:test-looked-up"
    rows = lambda r: (signed.values[r], signed.lead[r])  # noqa: E731
    with fresh_bands(prefix, config) as index:
        first = list(range(0, len(ids) - 2, 2))  # the last two rows come on their own
        index.insert([ids[r] for r in first], *rows(first))
        second = list(range(1, len(ids) - 2, 2))
        index.candidates(*rows(second), keep=True)
        # a copy of the 14-times story (among `second`) lands first: the look-up is stale
        index.insert([ids[-1]], *rows([len(ids) - 1]))
        assert index.insert([ids[r] for r in second], *rows(second), looked_up=True) == len(
            second)
        index.candidates(*rows([len(ids) - 2]), keep=True)
        assert index.insert([ids[-2]], *rows([len(ids) - 2]), looked_up=True) == 1
        theirs = _datasketch_lsh(config, ids, signed)
        for row in range(len(texts)):
            ours = index.candidates(signed.values[row:row + 1], signed.lead[row:row + 1])
            assert ours == _query(theirs, config, signed, row), f"row {row}"
        assert index.count() == len(ids)


def test_records_stay_grouped_when_buckets_share_a_64_bit_key(monkeypatch):
    """Records are sorted by each band's 64-bit key; two different buckets with one key
    (astronomically rare for real keys, forced here) must still come out grouped."""
    import dedupe.band_records as records
    from dedupe.band_records import Part

    real = records.band_keys
    monkeypatch.setattr(records, "band_keys", lambda v, b, r: real(v, b, r) % np.uint64(3))
    rng = np.random.default_rng(2)
    values = rng.integers(0, 4, (400, 8), dtype=np.uint32)  # few distinct buckets
    rows = Part("k", "f", 4, 2).record_rows(values, 4, np.arange(400, dtype=np.uint64))
    heads = [r[:12].tobytes() for r in rows]
    seen, last = set(), None
    for head in heads:  # each (key, bucket) one run, each key one run
        if head != last:
            assert head not in seen, "a bucket's records are split"
            seen.add(head)
            last = head
    suffixes = [h[:4] for h in heads]
    assert all(suffixes.count(s) == len(list(g)) for s, g in itertools.groupby(suffixes))
    assert len(rows) == 400 * 4 and len(seen) < 400  # buckets are shared

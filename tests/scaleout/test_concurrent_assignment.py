"""Two real worker processes see two copies of one story at the same moment: one cluster.

Each worker dedupes its own shard of the articles (`cluster_new(..., shard=(i, 2))`), and
the two copies fall in different shards, so without the assignment lock both workers would
find an empty index and each found a cluster. Run on SQLite and PostgreSQL, with the index
in a file and in Redis, several rounds each (later rounds match against earlier clusters).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

import storage
from dedupe import redis_prefix
from storage.schema import memberships

from tests.dedupe.dedupe_corpus import T0, Item, insert, replace_word, story

from tests.scaleout.conftest import drop_prefix

WORKER = textwrap.dedent("""
    import json, os, sys, time
    from datetime import datetime
    import storage
    from dedupe import DedupeConfig, cluster_new
    url, data_dir, index_url, shard, go, now = sys.argv[1:7]
    store = storage.open_store(url, data_dir)
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not os.path.exists(go):  # both workers start matching at the same moment
        assert time.monotonic() < deadline, "never told to go"
        time.sleep(0.005)
    summary = cluster_new(store, DedupeConfig(), now=datetime.fromisoformat(now),
                          index_url=index_url or None, shard=(int(shard), 2))
    print(json.dumps({"new": summary.new_articles, "founded": summary.new_clusters}))
    store.close()
""")
ROUNDS = 3


def _copies_in_both_shards(store, seed: int) -> tuple[str, str]:
    """An original and an edited copy whose article ids fall in shards 0 and 1."""
    text = story(seed)
    first = Item("wire", f"story-{seed}", text, T0, T0 + timedelta(hours=seed), f"Story {seed}")
    original = insert(store, first)
    for n in range(50):  # the copy's id is a hash of its URL: try slugs until it lands
        slug = f"copy-{seed}-{n}"
        aid = storage.article_id("paper", storage.canonical_url(
            f"https://paper.example/news/{slug}"))
        if int(aid, 16) % 2 != int(original, 16) % 2:
            copy = Item("paper", slug, replace_word(text), T0,
                        T0 + timedelta(hours=seed, minutes=5), f"Story {seed}")
            return original, insert(store, copy)
    raise AssertionError("no slug put the copy in the other shard")


def _race(url, data_dir, index_url, tmp_path, now) -> list[dict]:
    go = tmp_path / f"go-{time.monotonic_ns()}"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, url, str(data_dir), index_url or "",
                               str(shard), str(go), now.isoformat()],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for shard in (0, 1)]
    try:
        for p in procs:  # both have imported and opened the store and are polling
            assert p.stdout.readline().strip() == "ready", p.stderr.read()[-2000:]
        go.touch()
        outs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-2000:]
    return [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]


@pytest.mark.parametrize("index", ["file", "redis"])
def test_two_workers_never_found_two_clusters_for_one_story(store_url, index, tmp_path,
                                                             request):
    index_url = request.getfixturevalue("redis_url") if index == "redis" else None
    data_dir = tmp_path / "files"
    store = storage.open_store(store_url, data_dir)
    try:
        for round_ in range(1, ROUNDS + 1):
            original, copy = _copies_in_both_shards(store, seed=round_)
            results = _race(store_url, data_dir, index_url, tmp_path,
                            T0 + timedelta(days=1, hours=round_))
            assert sorted(r["new"] for r in results) == [1, 1]
            with store.connect() as conn:
                where = dict(conn.execute(select(memberships.c.article_id,
                                                 memberships.c.cluster_id)).all())
            assert where[original] == where[copy], f"round {round_}: two clusters for one story"
            assert sum(r["founded"] for r in results) == 1
            assert len(set(where.values())) == round_  # one cluster per story, none merged
    finally:
        store.close()
        if index_url:
            drop_prefix(redis_prefix(store_url))

"""The shared index in Redis (datasketch MinHashLSH layout) against the index file, per article.

    .venv/bin/python bench/redis_index.py [--articles 20000] [--redis redis://127.0.0.1:6379/0]

Signs N synthetic articles (1 in 4 an edited copy of an earlier one), then times, in one run:
adding them to the Redis index (datasketch insertion sessions), looking up the candidates
of a batch of N/10 new articles (pipelined bucket reads), removing N/10 articles (what a
window moving by a day does), and the same batch's candidates from the in-memory index
(the file index's path) as the baseline. Memory: Redis `used_memory` before and after,
and the .npz file the single-machine index writes for the same articles; both per article
and scaled to a million.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import redis  # noqa: E402

from dedupe import ClusterIndex, DedupeConfig, sign_texts  # noqa: E402
from dedupe.clustering import Batch, lsh_bands  # noqa: E402
from dedupe.index_file import IndexState, save_index  # noqa: E402
from dedupe.lsh import band_keys, candidate_pairs  # noqa: E402
from datasketch_layout import RedisLSH  # noqa: E402

WORDS = [f"w{n}" for n in range(5000)]


def _texts(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    for n in range(count):
        if out and rng.random() < 0.25:  # an edited copy of an earlier article
            words = rng.choice(out).split()
            words[rng.randrange(len(words))] = "edited"
            out.append(" ".join(words))
        else:
            out.append(" ".join(rng.choice(WORDS) for _ in range(400)))
    return out


def _batch(signed, ids, rows) -> Batch:
    return Batch([ids[i] for i in rows], np.arange(len(rows), dtype=np.uint64),
                 signed.values[rows], signed.lead[rows], signed.teaser[rows],
                 signed.words[rows].astype(np.int32))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    config, n = DedupeConfig(), args.articles
    new = max(n // 10, 1)
    started = time.perf_counter()
    signed = sign_texts(_texts(n + new), config)
    print(f"signed {n + new} articles in {time.perf_counter() - started:.1f} s")
    ids = [f"{i:032x}" for i in range(n + new)]
    params = redis.connection.parse_url(args.redis)
    client = redis.Redis(**params)
    prefix = f"newsmon:bench-{time.time_ns()}"
    index = RedisLSH(params, prefix, config)
    try:
        before = client.info("memory")["used_memory"]
        started = time.perf_counter()
        index.insert(ids[:n], signed.values[:n], signed.lead[:n])
        insert_s = time.perf_counter() - started
        redis_bytes = client.info("memory")["used_memory"] - before
        started = time.perf_counter()
        found = index.candidates(signed.values[n:], signed.lead[n:])
        lookup_s = time.perf_counter() - started

        # The baseline: the same lookup in the in-memory index the file index loads.
        rows = _batch(signed, ids, np.arange(n + new))
        full, lead = lsh_bands(config)
        started = time.perf_counter()
        _, cands = candidate_pairs(band_keys(rows.values, *full), n)
        _, lead_cands = candidate_pairs(band_keys(rows.lead, *lead), n)
        memory_s = time.perf_counter() - started
        in_memory = {ids[i] for i in np.concatenate((cands, lead_cands)) if i < n}
        assert found == in_memory, "Redis and in-memory candidates differ"

        started = time.perf_counter()
        removed = index.remove(ids[:new])
        remove_s = time.perf_counter() - started
        assert removed == new and index.count() == n - new
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "index.npz"
            cluster_index = ClusterIndex(config, _batch(signed, ids, np.arange(n)),
                                         [f"c{i}" for i in ids[:n]], np.ones(n, bool))
            save_index(path, cluster_index, IndexState((n, ""), _epoch(), {}))
            file_bytes = path.stat().st_size
    finally:
        index.clear()
        client.close()
    per_m = 1_000_000 / n
    print(f"Redis index (datasketch MinHashLSH, {full[0]}+{lead[0]} band tables), {n} articles:")
    print(f"  add       {n / insert_s:8.0f} articles/s")
    print(f"  look up   {new / lookup_s:8.0f} articles/s  (in memory: {new / memory_s:.0f}/s incl. "
          f"banding the window = {memory_s / lookup_s:.2f}x Redis time)")
    print(f"  remove    {new / remove_s:8.0f} articles/s")
    print(f"  memory    {redis_bytes / n:8.0f} B/article = {redis_bytes * per_m / 1e9:.1f} GB per "
          f"million (index file: {file_bytes / n:.0f} B/article = "
          f"{file_bytes * per_m / 1e9:.2f} GB per million, "
          f"{redis_bytes / file_bytes:.1f}x smaller)")
    print(f"  candidates of the {new} new articles: {len(found)} (same as in memory)")
    return 0


def _epoch():
    from datetime import datetime, timezone

    return datetime(2026, 1, 1, tzinfo=timezone.utc)


if __name__ == "__main__":
    sys.exit(main())

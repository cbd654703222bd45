"""The shared index's layouts side by side, per article, in ONE run (issue 17 item 1).

    .venv/bin/python bench/redis_index.py [--articles 20000] [--redis redis://127.0.0.1:6379/7]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--repeat 3]

Signs N synthetic articles of ~600 words (30% edited copies of earlier ones) plus a batch
of N/10 new ones, then, for each layout:
- datasketch: today's layout until issue 17 (datasketch MinHashLSH in Redis, a Redis set
  per bucket; bench/datasketch_layout.py),
- compact: dedupe/redis_bands.py (the product's shared index now),
- postgresql: the band table in PostgreSQL (bench/pg_bands.py),
times a rebuild (the window loaded into an empty index), looking up the batch's
candidates, adding the batch (compact: also right after its look-up, as the dedupe stage
does under the assignment lock, merging what the look-up read), removing N/10 of the
window (a window moving by a day), and
measures the memory it takes (Redis `used_memory` before/after; PostgreSQL
`pg_total_relation_size`). The candidates of every layout are checked against the
in-memory index (the file index's path), which is timed too. Timings are the best of
`--repeat` tries (a shared machine; an add is tried on the window without the batch each
time); the load of a 1M-article window into Redis is extrapolated linearly from the
measured rebuild (the whole rebuild from the store, read included, is measured at a
million by bench/index_rebuild.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import redis  # noqa: E402

from dedupe import ClusterIndex, DedupeConfig, sign_texts  # noqa: E402
from dedupe.clustering import Batch, lsh_bands  # noqa: E402
from dedupe.index_file import IndexState, save_index  # noqa: E402
from dedupe.lsh import band_keys, candidate_pairs  # noqa: E402
from dedupe.redis_bands import RedisBands  # noqa: E402

WORDS = [f"w{n}" for n in range(20000)]


def texts(count: int, seed: int = 3, words: int = 600, copies: float = 0.3) -> list[str]:
    """Synthetic articles; a share `copies` are edited copies of an earlier one."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count):
        if out and rng.random() < copies:
            text = rng.choice(out).split()
            for _ in range(3):
                text[rng.randrange(len(text))] = "edited"
            out.append(" ".join(text))
        else:
            out.append(" ".join(rng.choices(WORDS, k=rng.randint(words // 2, words * 3 // 2))))
    return out


def _best(repeat: int, prepare, run):
    """Best time of `repeat` tries of run() (each after prepare()); run()'s last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _in_memory(signed, n, config):
    full, lead = lsh_bands(config)
    started = time.perf_counter()
    _, cands = candidate_pairs(band_keys(signed.values, *full), n, cap=10 ** 9)
    _, lead_cands = candidate_pairs(band_keys(signed.lead, *lead), n, cap=10 ** 9)
    return time.perf_counter() - started, np.concatenate((cands, lead_cands))


def measure_redis(layout: str, client, params, signed, ids, n, new, repeat, config):
    """One Redis layout: rebuild, look up, add, remove; figures as a dict."""
    from datasketch_layout import RedisLSH

    prefix = f"newsmon:bench-{uuid.uuid4().hex[:8]}"
    index = RedisLSH(params, prefix, config) if layout == "datasketch" else RedisBands(
        params, prefix, config)
    window = (ids[:n], signed.values[:n], signed.lead[:n])
    batch = (ids[n:], signed.values[n:], signed.lead[n:])
    out = {}
    try:
        def rebuild():
            if layout == "datasketch":
                index.insert(*window)
            else:
                index.bulk_load(*window)

        def empty():
            index.clear() if layout == "datasketch" else index.clear(articles=n + new)
            out["before"] = client.info("memory")["used_memory"]

        out["rebuild"], _ = _best(1 if layout == "datasketch" else repeat, empty, rebuild)
        out["bytes"] = client.info("memory")["used_memory"] - out["before"]
        out["lookup"], out["found"] = _best(repeat, lambda: None,
                                            lambda: index.candidates(*batch[1:]))
        if layout == "datasketch":
            out["add"], _ = _best(1, lambda: None, lambda: index.insert(*batch))
        else:  # each try adds the batch again into the window without it
            out["add"], _ = _best(repeat, lambda: index.remove(*batch),
                                  lambda: index.insert(*batch))

            def looked_up():  # what the stage does: look the batch up, then add it
                index.remove(*batch)
                index.candidates(*batch[1:], keep=True)

            out["add_after"], _ = _best(repeat, looked_up,
                                        lambda: index.insert(*batch, looked_up=True))
        gone = (ids[:new], signed.values[:new], signed.lead[:new])
        if layout == "datasketch":
            out["remove"], removed = _best(1, lambda: None, lambda: index.remove(gone[0]))
        else:
            out["remove"], removed = _best(1, lambda: None, lambda: index.remove(*gone))
        assert removed == new, f"{layout}: removed {removed} of {new}"
    finally:
        index.clear()
        client.delete(f"{prefix}:{config.key}:c:state")
    return out


def measure_pg(pg_url, signed, ids, n, new, repeat, config):
    import psycopg
    from pg_bands import PgBands

    name = f"newsmon_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    out = {}
    try:
        with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/" + name) as conn:
            index = PgBands(conn, config)
            window = (ids[:n], signed.values[:n], signed.lead[:n])
            out["rebuild"], _ = _best(repeat, lambda: None, lambda: index.rebuild(*window))
            out["bytes"] = index.size_bytes()
            out["lookup"], out["found"] = _best(
                repeat, lambda: None, lambda: index.candidates(signed.values[n:], signed.lead[n:]))
            out["add"], _ = _best(1, lambda: None, lambda: index.insert(
                ids[n:], signed.values[n:], signed.lead[n:]))
            out["remove"], _ = _best(1, lambda: None, lambda: index.remove(
                ids[:new], signed.values[:new], signed.lead[:new]))
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return out


def _file_bytes(signed, ids, n, config) -> int:
    rows = Batch(ids[:n], np.arange(n, dtype=np.uint64), signed.values[:n], signed.lead[:n],
                 signed.teaser[:n], signed.words[:n].astype(np.int32))
    from datetime import datetime, timezone

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.npz"
        save_index(path, ClusterIndex(config, rows, [f"c{i}" for i in ids[:n]], np.ones(n, bool)),
                   IndexState((n, ""), datetime(2026, 1, 1, tzinfo=timezone.utc), {}))
        return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--layouts", default="datasketch,compact,postgresql")
    args = parser.parse_args()
    config, n = DedupeConfig(), args.articles
    new = max(n // 10, 1)
    started = time.perf_counter()
    signed = sign_texts(texts(n + new), config)
    print(f"signed {n + new} articles in {time.perf_counter() - started:.1f} s")
    ids = [f"{i:016x}" for i in random.Random(5).sample(range(1, 2 ** 63), n + new)]
    memory_s, cands = _in_memory(signed, n, config)
    expected = {ids[i] for i in cands if i < n}
    params = redis.connection.parse_url(args.redis)
    client = redis.Redis(**params)
    results = {}
    for layout in args.layouts.split(","):
        if layout == "postgresql":
            results[layout] = measure_pg(args.pg, signed, ids, n, new, args.repeat, config)
        else:
            results[layout] = measure_redis(layout, client, params, signed, ids, n, new,
                                            args.repeat, config)
        assert results[layout]["found"] == expected, f"{layout}: candidates differ"
        print(f"  {layout}: done", flush=True)
    client.close()
    _report(results, n, new, memory_s, _file_bytes(signed, ids, n, config), len(expected))
    return 0


def _report(results, n, new, memory_s, file_bytes, found) -> None:
    full, lead = lsh_bands(DedupeConfig())
    print(f"\nwindow {n} articles, batch {new}; {full[0]} + {lead[0]} band tables; "
          f"every layout found the in-memory index's {found} candidates")
    print(f"{'layout':<12}{'B/article':>10}{'rebuild/s':>11}{'add/s':>9}{'look up/s':>11}"
          f"{'remove/s':>10}{'1M load':>12}{'add after look-up/s':>21}")
    for name, r in results.items():
        after = f"{new / r['add_after']:>21.0f}" if "add_after" in r else ""
        print(f"{name:<12}{r['bytes'] / n:>10.0f}{n / r['rebuild']:>11.0f}{new / r['add']:>9.0f}"
              f"{new / r['lookup']:>11.0f}{new / r['remove']:>10.0f}"
              f"{r['rebuild'] * 1e6 / n / 60:>10.1f} m{after}")
    base = results.get("datasketch")
    if base:
        for name, r in results.items():
            if name != "datasketch":
                print(f"{name} vs datasketch: {base['bytes'] / r['bytes']:.1f}x smaller, "
                      f"add {base['add'] / r['add']:.1f}x, look up "
                      f"{base['lookup'] / r['lookup']:.1f}x, remove "
                      f"{base['remove'] / r['remove']:.1f}x, rebuild "
                      f"{base['rebuild'] / r['rebuild']:.1f}x faster")
    print(f"in memory (file index path, incl. banding the window): look up "
          f"{new / memory_s:.0f} articles/s; index file {file_bytes / n:.0f} B/article")


if __name__ == "__main__":
    sys.exit(main())

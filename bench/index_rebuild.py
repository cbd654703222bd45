"""A million-article window's shared index rebuilt from the store, timed by part (issue 17).

    .venv/bin/python bench/index_rebuild.py [--articles 1000000] [--before]
        [--redis redis://127.0.0.1:6379/7] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Writes a window of N clustered articles straight into a fresh PostgreSQL store (COPY:
pages, articles, signatures, clusters, memberships, as the dedupe stage leaves them;
synthetic signatures, 30% of them copies of a recent story with a quarter of their values
changed, so buckets are shared as syndication shares them; no texts are signed, so this
takes ~1.5 minutes at a million instead of the hours of bench/capacity_million.py), then
runs `cluster_new` on 100 new articles with the shared Redis index gone: it rebuilds the
band tables of the whole window from the store, then places the batch. Prints the run's
wall time and its parts: reading the window's signatures from the store, loading them
into Redis, the rest (signing and placing the 100, writing). `--before` also times the
read as the rebuild did it until issue 17 (the whole window as an index, as the file
index still reads it), in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

DAY = datetime(2026, 3, 2, tzinfo=timezone.utc)
SOURCES = [f"outlet{n:02d}" for n in range(40)]


def synthetic_window(n: int, num_perm: int, lead_perm: int, seed: int = 3):
    """(ids, values, lead, original row of each row): 30% copies of a recent story."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 2 ** 32, (n, num_perm), dtype=np.uint32)
    lead = rng.integers(0, 2 ** 32, (n, lead_perm), dtype=np.uint32)
    origin = np.arange(n)
    for i in np.flatnonzero(rng.random(n) < 0.3)[1:]:
        o = int(origin[max(i - int(rng.integers(1, 20000)), 0)])
        origin[i] = o
        values[i] = np.where(rng.random(num_perm) < 0.25, values[i], values[o])
        lead[i] = np.where(rng.random(lead_perm) < 0.1, lead[i], lead[o])
    codes = np.unique(rng.integers(1, 2 ** 63, n + n // 50 + 10, dtype=np.int64))[:n]
    rng.shuffle(codes)
    return [f"{c:016x}" for c in codes.tolist()], values, lead, origin


def fill_store(conn, n: int, config) -> None:
    """COPY a window of n clustered articles into a migrated, empty store."""
    from dedupe.signatures import LEAD_PERM

    ids, values, lead, origin = synthetic_window(n, config.num_perm, LEAD_PERM)
    hashes = [hashlib.sha256(i.encode()).hexdigest() for i in ids]
    at = [DAY + timedelta(seconds=k * 86400 // n) for k in range(n)]
    url = [f"https://{SOURCES[k % 40]}.example/news/s{k}" for k in range(n)]
    quoted = bytes((config.num_perm + 7) // 8)
    last_seen = DAY + timedelta(days=1)
    sizes = np.bincount(origin, minlength=n)
    with conn.cursor() as cur:
        with cur.copy("COPY sources (name, url, added_at) FROM STDIN") as copy:
            for s in SOURCES:
                copy.write_row((s, f"https://{s}.example/", DAY))
        with cur.copy("COPY pages (id, source, url_key, url, canonical_url, kind, status, "
                      "first_fetched_at, last_fetched_at, last_changed_at, fetch_count) "
                      "FROM STDIN") as copy:
            for k in range(n):
                copy.write_row((k + 1, SOURCES[k % 40], url[k], url[k], url[k], "article",
                                200, at[k], at[k], at[k], 1))
        with cur.copy("COPY articles (id, article_id, page_id, body_hash, parser_version, "
                      "status, source, url, canonical_url, title, text, content_hash, "
                      "fetched_at, extracted_at) FROM STDIN") as copy:
            for k in range(n):
                copy.write_row((k + 1, ids[k], k + 1, "b" * 64, "bench", "ok", SOURCES[k % 40],
                                url[k], url[k], f"s{k}", "text", hashes[k], at[k], at[k]))
        with cur.copy("COPY signatures (content_hash, config_key, num_perm, hashvalues, "
                      "created_at, lead_hashvalues, teaser, words, shingles, quoted) "
                      "FROM STDIN") as copy:
            for k in range(n):
                copy.write_row((hashes[k], config.signature_key, config.num_perm,
                                values[k].astype("<u4").tobytes(), DAY,
                                lead[k].astype("<u4").tobytes(), False, 600, 550, quoted))
        with cur.copy("COPY clusters (cluster_id, config_key, representative_id, "
                      "representative_reason, size, first_seen, last_seen, created_at) "
                      "FROM STDIN") as copy:
            for k in np.flatnonzero(origin == np.arange(n)).tolist():
                copy.write_row(("c" + ids[k], config.key, ids[k], "only copy",
                                int(sizes[k]), DAY, last_seen, DAY))
        with cur.copy("COPY memberships (article_id, cluster_id, similarity, matched_id, "
                      "joined_at, match_kind) FROM STDIN") as copy:
            for k, o in enumerate(origin.tolist()):
                copy.write_row((ids[k], "c" + ids[o], 1.0 if o == k else 0.8,
                                None if o == k else ids[o], at[k],
                                "founder" if o == k else "copy"))
        for table in ("pages", "articles"):  # COPY gave the ids: move the sequences on
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {n})")
    conn.commit()
    conn.execute("ANALYZE")


def timed(owner, name: str, times: dict) -> None:
    """Wrap owner.name so that its time adds up in times[name]."""
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            times[name] = times.get(name, 0.0) + time.perf_counter() - started

    setattr(owner, name, wrapper)


def rebuild(store, store_url: str, index_url: str, now: datetime, before: bool) -> dict:
    import resource

    import dedupe.stage as stage
    from dedupe import DedupeConfig, cluster_new
    from dedupe.redis_bands import RedisBands

    times: dict = {}
    timed(stage._StoreWindow, "signatures", times)
    timed(RedisBands, "bulk_load", times)
    timed(RedisBands, "candidates", times)
    started = time.perf_counter()
    summary = cluster_new(store, DedupeConfig(), now, index_url=index_url)
    times["wall"] = time.perf_counter() - started
    assert not summary.index_reused and summary.new_articles == 100, summary
    times["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if before:
        config = DedupeConfig()
        window = stage._StoreWindow(store, config, stage._SignatureBook(store, config, now),
                                    now, now - timedelta(days=config.window_days), (0, ""))
        started = time.perf_counter()
        index, _ = window.everything()
        times["everything"] = time.perf_counter() - started
        times["everything_rows"] = len(index)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--before", action="store_true",
                        help="also time the read as the rebuild did it before issue 17")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    import psycopg

    import storage
    from capacity_million import add_late_articles, libpq_url, scratch_store
    from dedupe import DedupeConfig

    with scratch_store(args.pg, args.redis, "rebuild") as (store_url, index):
        data_dir = tempfile.mkdtemp()
        now = DAY + timedelta(days=1, hours=12)
        try:
            store = storage.open_store(store_url, data_dir)
            started = time.perf_counter()
            with psycopg.connect(libpq_url(store_url)) as conn:
                fill_store(conn, args.articles, DedupeConfig())
            print(f"window of {args.articles} clustered articles written in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
            add_late_articles(store, 100, now)
            index.clear()  # the index is gone: the run must rebuild it
            t = rebuild(store, store_url, args.redis, now, args.before)
            store.close()
            rest = t["wall"] - t["signatures"] - t["bulk_load"]
            print(f"rebuild of a {index.count() - 100}-article window (a dedupe run of 100 "
                  f"new articles finding the index gone): {t['wall']:.1f} s = read from the "
                  f"store {t['signatures']:.1f} s + load into Redis {t['bulk_load']:.1f} s + "
                  f"the rest {rest:.1f} s (look-up {t['candidates']:.1f} s, signing, placing, "
                  f"writing); peak RSS {t['rss_mb']:.0f} MB")
            if args.before:
                print(f"before issue 17 the rebuild read the window as an index: "
                      f"{t['everything']:.1f} s for {t['everything_rows']} rows, "
                      f"{t['everything'] / t['signatures']:.1f}x the read now")
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

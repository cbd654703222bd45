"""Capacity at a million: a synthetic day of N articles through dedupe on PostgreSQL + Redis.

    .venv/bin/python bench/capacity_million.py [--articles 1000000] [--workers 1]
        [--increments 10] [--redis redis://127.0.0.1:6379/7]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Texts are given, not crawled: N articles of 300-900 words (Zipf-distributed vocabulary of
30,000 words), 30% of them syndicated copies of a recent story from another source with
light edits (a few words changed, half with a byline and a closing line), written into a
fresh PostgreSQL store the way the extract stage writes them (a pages row and an articles
row each). The day arrives in `--increments` parts (as a deployment deduplicating several
times a day would see it; one call over a million unclustered articles would hold all
their texts at once); after each part, `--workers` processes call
`dedupe.cluster_new(shard=(i, W))` at once with the shared Redis index (signing in
parallel, assignment under the store's assignment lock).

Prints per increment: the window, dedupe wall time, articles/s, per worker its signing
time, its wait for the assignment lock, its time holding it (look up, assign, write, add
to the index), its peak RSS, and the index's bytes per article (MEMORY USAGE of its own
keys, so other users of a shared Redis do not move it); then the day's totals, store
bytes per article (pg_database_size), the time of a dedupe run that finds the index gone
and rebuilds the whole window from the store, and the index memory of a 30-day window of
N articles a day, extrapolated by a linear fit over the measured windows.
"""

from __future__ import annotations

import argparse
from collections import deque
from contextlib import contextmanager
import multiprocessing as mp
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

DAY = datetime(2026, 3, 2, tzinfo=timezone.utc)
SOURCES = [f"outlet{n:02d}" for n in range(40)]
_CHUNK = 5000


def _vocabulary(size: int = 30000) -> np.ndarray:
    rng = np.random.default_rng(7)
    letters = np.array(list("abcdefghijklmnoprstuvwy"))
    return np.array(["".join(rng.choice(letters, rng.integers(2, 10))) for _ in range(size)])


def day_articles(count: int, copies: float = 0.3, seed: int = 11):
    """(source, slug, text, fetched_at) of a day, in fetch order, as chunks (lists)."""
    rng = np.random.default_rng(seed)
    vocab = _vocabulary()
    weights = 1.0 / np.arange(1, vocab.size + 1)  # Zipf: a few words are most of the text
    weights /= weights.sum()
    originals: deque[str] = deque(maxlen=20000)  # copies are of recent stories
    chunk = []
    for n in range(count):
        fetched = DAY + timedelta(seconds=int(n * 86400 / count))
        if originals and rng.random() < copies:
            words = originals[int(rng.integers(len(originals)))].split(" ")
            for _ in range(int(rng.integers(1, 6))):
                words[int(rng.integers(len(words)))] = str(vocab[int(rng.integers(vocab.size))])
            text = " ".join(words)
            if rng.random() < 0.5:
                text = "By Staff Reporter\n" + text + "\nThe agency contributed to this report."
        else:
            text = " ".join(vocab[rng.choice(vocab.size, int(rng.integers(300, 900)), p=weights)])
            originals.append(text)
        chunk.append((SOURCES[n % len(SOURCES)], f"story-{n}", text, fetched))
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_sources(store) -> None:
    from storage.schema import sources

    with store.begin() as conn:
        conn.execute(sources.insert(), [dict(name=s, url=f"https://{s}.example/", added_at=DAY)
                                        for s in SOURCES])


def load_articles(store, chunks, first_page: int) -> int:
    """Pages and articles rows as crawl + extract write them, in bulk; returns the next
    page id."""
    import storage
    from storage.schema import articles, pages

    page_id = first_page
    for chunk in chunks:
        page_rows, article_rows = [], []
        for source, slug, text, fetched in chunk:
            page_id += 1
            url = f"https://{source}.example/news/{slug}"
            body = storage.body_hash(f"{source}|{slug}".encode())
            page_rows.append(dict(
                id=page_id, source=source, url_key=storage.url_key(url), url=url,
                canonical_url=url, kind="article", status=200, content_type="text/html",
                body_hash=body, body_bytes=len(text), first_fetched_at=fetched,
                last_fetched_at=fetched, last_changed_at=fetched, fetch_count=1))
            article_rows.append(dict(
                article_id=storage.article_id(source, url), page_id=page_id, body_hash=body,
                parser_version="bench", status="ok", source=source, url=url,
                canonical_url=url, title=slug, language="en", text=text,
                content_hash=storage.content_hash(text), fetched_at=fetched,
                extracted_at=fetched))
        with store.begin() as conn:
            conn.execute(pages.insert(), page_rows)
            conn.execute(articles.insert(), article_rows)
    return page_id


def _worker(store_url: str, data_dir: str, index_url: str, shard, now, queue) -> None:
    """One worker process: cluster_new on its shard, timed by phase."""
    import resource
    from contextlib import contextmanager

    import dedupe.stage as stage
    import storage
    from dedupe import DedupeConfig, cluster_new

    times = {"sign": 0.0, "lock_wait": 0.0, "locked": 0.0}
    real_lock, real_cluster, real_texts = (stage.assignment_lock, stage._cluster,
                                           stage._SignatureBook.for_texts)

    @contextmanager
    def timed_lock(store):
        asked = time.perf_counter()
        with real_lock(store):
            times["lock_wait"] += time.perf_counter() - asked
            yield

    def timed_cluster(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real_cluster(*args, **kwargs)
        finally:
            times["locked"] += time.perf_counter() - started

    def timed_texts(self, texts):
        started = time.perf_counter()
        try:
            return real_texts(self, texts)
        finally:
            times["sign"] += time.perf_counter() - started

    stage.assignment_lock, stage._cluster = timed_lock, timed_cluster
    stage._SignatureBook.for_texts = timed_texts
    store = storage.open_store(store_url, data_dir)
    started = time.perf_counter()
    summary = cluster_new(store, DedupeConfig(), now, index_url=index_url, shard=shard)
    times["wall"] = time.perf_counter() - started
    store.close()
    # the signing inside the locked part is counted in both: report it once
    queue.put({**times, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               "articles": summary.new_articles, "clusters": summary.new_clusters,
               "reused": summary.index_reused, "shard": shard})


def run_dedupe(store_url, data_dir, index_url, workers: int, now) -> tuple[float, list[dict]]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    shards = [None] if workers == 1 else [(i, workers) for i in range(workers)]
    procs = [ctx.Process(target=_worker, args=(store_url, data_dir, index_url, s, now, queue))
             for s in shards]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
        assert p.exitcode == 0, f"a dedupe worker failed (exit {p.exitcode})"
    return time.perf_counter() - started, sorted(results, key=lambda r: str(r["shard"]))


def reset(store, index) -> None:
    from sqlalchemy import text

    with store.begin() as conn:
        conn.execute(text("DELETE FROM memberships"))
        conn.execute(text("DELETE FROM clusters"))
        conn.execute(text("DELETE FROM signatures"))
    index.clear()


def index_bytes(client, base: str) -> int:
    """Redis memory of the index's own keys (MEMORY USAGE summed): unlike used_memory, not
    moved by other users of a shared Redis."""
    total, keys = 0, []
    for key in client.scan_iter(match=base + ":*", count=10000):
        keys.append(key)
        if len(keys) == 10000:
            total += _usage(client, keys)
            keys = []
    return total + (_usage(client, keys) if keys else 0)


def _usage(client, keys) -> int:
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.memory_usage(key, samples=0)
    return sum(v or 0 for v in pipe.execute())


def _day_increments(count: int, parts: int):
    """The day's chunks cut into `parts` increments of about count/parts articles."""
    chunks = day_articles(count)
    per = -(-count // parts)
    for _ in range(parts):
        taken, out = 0, []
        for chunk in chunks:
            out.append(chunk)
            taken += len(chunk)
            if taken >= per:
                break
        if out:
            yield out


def run_day(store, store_url, data_dir, index_url, args, index) -> dict:
    """Load the day in increments, each followed by a dedupe run with `workers` workers
    (as a deployment running dedupe several times a day would); figures per increment."""
    from sqlalchemy import text

    reset(store, index)
    steps, page = [], 0
    with store.begin() as conn:
        conn.execute(text("DELETE FROM articles"))
        conn.execute(text("DELETE FROM pages"))
    for chunks in _day_increments(args.articles, args.increments):
        started = time.perf_counter()
        page = load_articles(store, chunks, page)
        with store.begin() as conn:  # what autovacuum would have done by then
            conn.execute(text("ANALYZE"))
        loaded = time.perf_counter() - started
        wall, results = run_dedupe(store_url, data_dir, index_url, args.workers, DAY +
                                   timedelta(days=1))
        window = index.count()
        steps.append({"loaded": loaded, "wall": wall, "results": results, "window": window,
                      "index": index_bytes(index.client, index.base)})
        print(f"  {window:>8} in the window: dedupe {wall:.0f} s", flush=True)
    return {"steps": steps}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--increments", type=int, default=10)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    import tempfile

    import psycopg

    import storage

    with scratch_store(args.pg, args.redis, "million") as (store_url, index):
        with tempfile.TemporaryDirectory() as data_dir:
            store = storage.open_store(store_url, data_dir)
            load_sources(store)
            day = run_day(store, store_url, data_dir, args.redis, args, index)
            with psycopg.connect(libpq_url(store_url)) as conn:
                store_bytes = conn.execute("SELECT pg_database_size(current_database())"
                                           ).fetchone()[0]
            rebuild = _rebuild_from_store(store, store_url, data_dir, args.redis, index,
                                          DAY + timedelta(days=1))
            store.close()
        _report(args, day, store_bytes, rebuild)
    return 0


@contextmanager
def scratch_store(pg: str, redis_url: str, label: str):
    """A fresh PostgreSQL database beside `pg` for a bench's store, and the shared Redis
    index under its prefix: (store URL, RedisBands); both are dropped afterwards."""
    import psycopg
    import redis

    from dedupe import DedupeConfig, redis_prefix
    from dedupe.redis_bands import RedisBands

    name = f"newsmon_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    store_url = f"postgresql+psycopg://{pg.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"
    index = RedisBands(redis.connection.parse_url(redis_url), redis_prefix(store_url),
                       DedupeConfig())
    try:
        yield store_url, index
    finally:
        index.clear()
        index.client.delete(index.base + ":state")
        with psycopg.connect(pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def libpq_url(store_url: str) -> str:
    """The store's URL as psycopg itself takes it."""
    return store_url.replace("postgresql+psycopg://", "postgresql://", 1)


def add_late_articles(store, count: int, now: datetime) -> None:
    """`count` new, unclustered articles (pages and articles rows, as the extract stage
    writes them) after the store's last page: a late batch for a dedupe run."""
    import storage
    from sqlalchemy import func, select
    from storage.schema import articles, pages

    with store.begin() as conn:
        top = conn.execute(select(func.max(pages.c.id))).scalar_one()
        for n, (source, slug, text, _) in enumerate(next(iter(day_articles(count, seed=99))),
                                                    start=1):
            url = f"https://{source}.example/late/{slug}"
            conn.execute(pages.insert().values(
                id=top + n, source=source, url_key=storage.url_key(url), url=url,
                canonical_url=url, kind="article", status=200, body_hash="x" * 64,
                first_fetched_at=now, last_fetched_at=now, last_changed_at=now, fetch_count=1))
            conn.execute(articles.insert().values(
                article_id=storage.article_id(source, url), page_id=top + n, body_hash="x" * 64,
                parser_version="bench", status="ok", source=source, url=url, canonical_url=url,
                text=text, content_hash=storage.content_hash(text), fetched_at=now,
                extracted_at=now))


def _rebuild_from_store(store, store_url, data_dir, index_url, index, now) -> dict:
    """A dedupe run that finds the index gone (100 new articles): it rebuilds the whole
    window from the store, then places the batch. Seconds, and the bulk load's share."""
    index.client.delete(index.base + ":state")
    add_late_articles(store, 100, now)
    wall, results = run_dedupe(store_url, data_dir, index_url, 1, now + timedelta(hours=1))
    assert not results[0]["reused"], "the index should have been rebuilt"
    return {"wall": wall, "rss_mb": results[0]["rss_mb"], "window": index.count()}


def _report(args, day, store_bytes, rebuild) -> None:
    n, steps = args.articles, day["steps"]
    wall = sum(s["wall"] for s in steps)
    print(f"\nsynthetic day: {n} articles (30% syndicated copies, 300-900 words) in "
          f"{len(steps)} increments, each deduplicated by {args.workers} worker(s)")
    print(f"{'window':>9}{'dedupe s':>10}{'articles/s':>12}  per worker: sign s / lock wait s /"
          f" locked s / peak RSS MB / articles;  index B/article")
    before = 0
    for s in steps:
        added = s["window"] - before
        per = "; ".join(f"{r['sign']:.0f} / {r['lock_wait']:.0f} / {r['locked']:.0f} / "
                        f"{r['rss_mb']:.0f} / {r['articles']}" for r in s["results"])
        print(f"{s['window']:>9}{s['wall']:>10.0f}{added / s['wall']:>12.0f}  {per};  "
              f"{s['index'] / s['window']:.0f}")
        before = s["window"]
    rss = max(r["rss_mb"] for s in steps for r in s["results"])
    locked = sum(r["locked"] for s in steps for r in s["results"])
    print(f"day: dedupe {wall:.0f} s = {n / wall:.0f} articles/s with {args.workers} "
          f"worker(s) ({n / wall / args.workers:.0f} per worker); assignment lock held "
          f"{locked:.0f} s in all ({locked / wall:.0%} of the wall time); peak RSS per "
          f"worker {rss:.0f} MB; loading the rows took {sum(s['loaded'] for s in steps):.0f} s")
    print(f"store: {store_bytes / n:.0f} B/article ({store_bytes / 1e9:.1f} GB: pages + "
          f"articles with text + signatures + clusters + indexes)")
    print(f"index: {steps[-1]['index'] / steps[-1]['window']:.0f} B/article in a window of "
          f"{steps[-1]['window']} (MEMORY USAGE of its keys)")
    print(f"rebuild of the {rebuild['window']}-article window from the store (a dedupe run "
          f"finding the index gone): {rebuild['wall']:.0f} s, peak RSS {rebuild['rss_mb']:.0f} MB")
    sizes = np.array([s["window"] for s in steps], float)
    used = np.array([s["index"] for s in steps], float)
    slope, intercept = np.polyfit(sizes, used, 1) if len(steps) > 1 else (used[0] / sizes[0], 0)
    window = 30 * n
    print(f"30-day window of {n} a day = {window} articles: index "
          f"{(slope * window + intercept) / 1e9:.1f} GB (linear fit over the {len(steps)} "
          f"measured windows: {slope:.0f} B/article + {intercept / 1e6:.1f} MB)")


if __name__ == "__main__":
    sys.exit(main())

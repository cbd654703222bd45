"""Capacity: the daily run with 1 and 2 workers on a scaled news web, and what it keeps.

    .venv/bin/python bench/capacity.py [--sites 12] [--articles 150] [--copies 0.3]

A worker here is one shard of `newsmon run --shards N`: one Scrapy process plus one
extraction process (NEWSMON_WORKERS=1), so N workers on this machine are N cores' worth.
The web: N sites on 127.0.0.1 (bench/crawl.py's layout: homepage, 5 paginated sections),
~600-word articles of distinct pseudo-text, a share of them syndicated copies of other
sites' stories with light edits. Delays are off: these are the machine's figures, not a
polite crawl's (a polite crawl is bounded by download_delay per host, see the README).

Runs: SQLite (index file) with 1 worker; PostgreSQL + Redis (shared index) with 1 and 2
workers. Prints, per run, seconds per stage from the `runs` table, pages per day per
worker, store bytes per article, WARC bytes per page, index bytes per article (Redis
MEMORY USAGE of the index key), each also scaled to a million articles.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
import redis  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

import storage  # noqa: E402
from crawl import SECTIONS, _listing, serve  # noqa: E402
from dedupe import DedupeConfig, redis_prefix  # noqa: E402
from storage.schema import articles, runs  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"
VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa",
                               "do", "fe", "gu", "hi", "ja", "bo")
         for b in ("ran", "tel", "mon", "dis", "gar", "lum", "pek", "sor", "vin", "wak",
                   "bel", "cot", "dun", "fip", "gos", "hak", "jor", "kel", "lat", "mur")]


def _text(rng: random.Random, words: int = 600) -> list[str]:
    out, paragraph = [], []
    for i in range(words):
        paragraph.append(rng.choice(VOCAB))
        if len(paragraph) >= 60:
            out.append(" ".join(paragraph).capitalize() + ".")
            paragraph = []
    return out + ([" ".join(paragraph) + "."] if paragraph else [])


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    nav = "".join(f'<a href="/section/{s}">{s}</a>' for s in SECTIONS)
    return (f'<!doctype html><html lang="en"><head><title>{title}</title>'
            f'<meta property="og:type" content="article"></head><body><nav>{nav}</nav>'
            f"<article><h1>{title}</h1>{body}</article></body></html>").encode()


def build_web(sites: int, per_site: int, copies: float) -> list[dict[str, bytes]]:
    """Each site's pages; `copies` of the articles are edited copies of another site's."""
    rng = random.Random(7)
    stories = [(f"Story {s}-{n}", _text(random.Random(s * 100_000 + n)))
               for s in range(sites) for n in range(per_site)]
    webs = []
    for site in range(sites):
        pages = {"/robots.txt": b"User-agent: *\nDisallow: /admin/\n"}
        slugs = []
        for n in range(per_site):
            title, text = stories[site * per_site + n]
            if rng.random() < copies:  # syndicated: another site's story, one word edited
                title, text = rng.choice(stories)
                text = [p.replace(p.split()[3], "edited", 1) for p in text]
            slug = f"/{SECTIONS[n % 5]}/2024/05/01/story-{site}-{n}"
            pages[slug] = _page(title, text)
            slugs.append(slug)
        pages["/"] = _listing("Home", slugs[:30])
        for i, section in enumerate(SECTIONS):
            items = slugs[i::5]
            chunks = [items[k:k + 20] for k in range(0, len(items), 20)]
            for p, chunk in enumerate(chunks, start=1):
                nxt = [f"/section/{section}?page={p + 1}"] if p < len(chunks) else []
                path = f"/section/{section}" + (f"?page={p}" if p > 1 else "")
                pages[path] = _listing(f"{section} {p}", chunk + nxt)
        webs.append(pages)
    return webs


def _stage_seconds(conn) -> dict[str, float]:
    out = {}
    for stage in ("crawl", "extract", "dedupe"):
        first, last = conn.execute(select(func.min(runs.c.started_at), func.max(
            runs.c.finished_at)).where(runs.c.stage == stage)).one()
        out[stage] = (last - first).total_seconds() if first and last else 0.0
    return out


def _store_bytes(url: str, data_dir: Path) -> int:
    if url.startswith("sqlite"):
        db = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("checkpoint")
        return conn.execute("select pg_database_size(%s)", (name,)).fetchone()[0]


def run_once(config: Path, url: str, data_dir: Path, workers: int, index: str | None) -> dict:
    env = {**os.environ, "NEWSMON_WORKERS": "1", "PREFECT_HOME": str(data_dir / "prefect"),
           "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    argv = [sys.executable, "-m", "newsmon", "run", "--config", str(config), "--store", url,
            "--data-dir", str(data_dir), "--date", "2024-05-01", "--shards", str(workers)]
    storage.open_store(url, data_dir).close()  # the empty, migrated store: the baseline
    empty = _store_bytes(url, data_dir)
    started = time.perf_counter()
    subprocess.run(argv + (["--index-url", index] if index else []), env=env, check=True,
                   capture_output=True, timeout=3600)
    wall = time.perf_counter() - started
    store = storage.open_store(url, data_dir)
    with store.connect() as conn:
        seconds = _stage_seconds(conn)
        n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        n_pages = storage.count_pages(conn)
    store.close()
    warc = sum(p.stat().st_size for p in (data_dir / "warc").rglob("*.warc.gz"))
    figures = {"workers": workers, "wall": wall, **seconds, "pages": n_pages,
               "articles": n_articles, "store": _store_bytes(url, data_dir) - empty, "warc": warc}
    if index:
        client = redis.Redis.from_url(index)
        key = f"{redis_prefix(url)}:index:{DedupeConfig().key}"
        figures["index"] = client.memory_usage(key, samples=0) or 0
        client.delete(key)
        client.close()
    return figures


def _report(name: str, f: dict) -> None:
    busy = f["crawl"] + f["extract"]
    per_day = f["pages"] / busy * 86400 / f["workers"] if busy else 0
    per_m = 1_000_000 / max(f["articles"], 1)
    print(f"{name}: {f['pages']} pages, {f['articles']} articles; crawl {f['crawl']:.1f}s, "
          f"extract {f['extract']:.1f}s, dedupe {f['dedupe']:.1f}s (wall {f['wall']:.1f}s)")
    print(f"  crawl+extract {f['pages'] / busy:.1f} pages/s = {per_day / 1e6:.2f}M pages/day "
          f"per worker")
    print(f"  store {f['store'] / f['articles'] / 1024:.1f} KB/article = "
          f"{f['store'] * per_m / 1e9:.1f} GB per million articles; WARC "
          f"{f['warc'] / f['pages'] / 1024:.1f} KB/page = {f['warc'] * per_m / 1e9:.1f} GB "
          "per million articles")
    if "index" in f:
        print(f"  Redis index {f['index'] / f['articles']:.0f} B/article = "
              f"{f['index'] * per_m / 1e9:.2f} GB per million articles")


def _pg_database() -> str:
    name = f"newsmon_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    return name


def _drop(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=12)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--copies", type=float, default=0.3)
    args = parser.parse_args()
    servers = [serve(pages) for pages in build_web(args.sites, args.articles, args.copies)]
    try:
        with tempfile.TemporaryDirectory(prefix="newsmon-capacity-") as tmp:
            config = Path(tmp) / "sources.yaml"
            config.write_text("sources:\n" + "".join(
                f"  - name: site-{i}\n    url: http://127.0.0.1:{s.server_address[1]}/\n"
                for i, s in enumerate(servers)) + "crawl:\n  download_delay: 0\n"
                "  concurrency_per_host: 4\n  max_pages_per_source: 100000\n")
            print(f"web: {args.sites} sites x {args.articles} articles, {args.copies:.0%} copies")
            sqlite = f"sqlite:///{tmp}/sqlite/newsmon.db"
            _report("sqlite, 1 worker", run_once(config, sqlite, Path(tmp) / "sqlite", 1, None))
            for workers in (1, 2):
                name = _pg_database()
                try:
                    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
                    _report(f"postgresql + redis, {workers} worker(s)",
                            run_once(config, url, Path(tmp) / f"pg{workers}", workers, REDIS))
                finally:
                    _drop(name)
    finally:
        for server in servers:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

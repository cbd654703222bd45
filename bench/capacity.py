"""Capacity: the daily run with 1 and 2 Prefect workers on a scaled news web, and what it keeps.

    .venv/bin/python bench/capacity.py [--sites 12] [--articles 150] [--copies 0.3]

The web: N sites on 127.0.0.1 (bench/crawl.py's layout: homepage, 5 paginated sections),
~600-word articles of distinct pseudo-text, a share of them syndicated copies of other
sites' stories with light edits. Delays are off: these are the machine's figures, not a
polite crawl's (a polite crawl is bounded by download_delay per host, see the README).

Runs, in one go so they share the machine's state:
- baseline: `newsmon run` on SQLite (index file), one process, NEWSMON_WORKERS=1;
- pool: a private Prefect server (tests/scaleout/prefect_stack.py), a process work pool
  with 1 and then 2 workers (`prefect worker start --limit 1`, NEWSMON_WORKERS=1, so a
  worker is one core's worth), the `shard` deployment from prefect.yaml, and the daily
  flow with `shards` = workers and `shard_deployment`, on PostgreSQL + Redis (shared
  index: compact band tables in Redis, dedupe/redis_bands.py).
Prints, per run, seconds per stage from the `runs` table, which worker ran which shard,
throughput counted in ARTICLES (found by the crawl, extracted, clustered: per second and
per day, all workers and per worker) beside the requests it took, the requests that
produced no article listed as cost (listings/feeds/sitemaps, 304s, errors, other), store
bytes per article, WARC bytes per page and Redis memory per article (used_memory before
and after), each also scaled to a million articles.
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
from dedupe import redis_prefix  # noqa: E402
from storage.schema import articles, crawl_stats, memberships, pages, runs  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/7"  # a db of its own on a shared Redis
POOL = "newsmon"  # the pool prefect.yaml names
RUN_DATE = "2024-05-01"
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


def _article_counts(conn) -> dict:
    """What the run produced, in articles, and what its requests went to."""
    one = lambda q: conn.execute(q).scalar_one() or 0  # noqa: E731
    kinds = dict(conn.execute(select(pages.c.kind, func.count()).where(
        pages.c.warc_file.is_not(None)).group_by(pages.c.kind)).all())
    errors = 0
    for (value,) in conn.execute(select(crawl_stats.c.errors)):
        errors += sum((value or {}).values())
    return {
        "requests": one(select(func.sum(crawl_stats.c.requests))),
        "not_modified": one(select(func.sum(crawl_stats.c.not_modified))),
        "errors": errors, "kinds": kinds,
        "found": kinds.get("article", 0),
        "extracted": one(select(func.count(func.distinct(articles.c.article_id)))
                         .where(articles.c.status == "ok")),
        "clustered": one(select(func.count()).select_from(memberships)),
    }


def _figures(url: str, data_dir: Path, workers: int, wall: float, empty: int) -> dict:
    store = storage.open_store(url, data_dir)
    with store.connect() as conn:
        seconds = _stage_seconds(conn)
        n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        n_pages = storage.count_pages(conn)
        counts = _article_counts(conn)
    store.close()
    warc = sum(p.stat().st_size for p in (data_dir / "warc").rglob("*.warc.gz"))
    return {"workers": workers, "wall": wall, **seconds, "pages": n_pages,
            "articles": n_articles, "store": _store_bytes(url, data_dir) - empty, "warc": warc,
            **counts}


def run_baseline(config: Path, url: str, data_dir: Path) -> dict:
    """One process, no Prefect server: `newsmon run`."""
    env = {**os.environ, "PREFECT_HOME": str(data_dir / "prefect")}
    env.pop("PREFECT_API_URL", None)
    storage.open_store(url, data_dir).close()  # the empty, migrated store: the baseline
    empty = _store_bytes(url, data_dir)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsmon", "run", "--config", str(config), "--store",
                    url, "--data-dir", str(data_dir), "--date", RUN_DATE], env=env, check=True,
                   capture_output=True, timeout=3600)
    return _figures(url, data_dir, 1, time.perf_counter() - started, empty)


def run_pool(config: Path, url: str, data_dir: Path, workers: int, index: str) -> dict:
    """The daily flow dispatching `workers` crawl and extract shards to as many workers."""
    from tests.scaleout.prefect_stack import PrefectStack

    storage.open_store(url, data_dir).close()
    empty = _store_bytes(url, data_dir)
    client = redis.Redis.from_url(index)
    before = client.info("memory")["used_memory"]
    with PrefectStack(data_dir / "prefect") as stack:
        stack.cli("work-pool", "create", POOL, "--type", "process")
        stack.cli("deploy", "--name", "shard", cwd=ROOT)
        for n in range(1, workers + 1):
            stack.worker(f"w{n}", POOL, limit=1)
        # The daily flow runs here (as `newsmon run` would) and waits for its shards.
        flow = ("import sys; from flows.daily_pipeline import daily; daily(config_path="
                "sys.argv[1], store_url=sys.argv[2], data_dir=sys.argv[3], run_date=sys.argv[4],"
                " shards=int(sys.argv[5]), index_url=sys.argv[6],"
                " shard_deployment='newsmon-shard/shard')")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", flow, str(config), url, str(data_dir),
                               RUN_DATE, str(workers), index], env=stack.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=3600)
        if done.returncode:
            logs = "\n".join(stack.log(f"w{n}")[-3000:] for n in range(1, workers + 1))
            sys.exit(f"the daily flow failed:\n{done.stderr[-2000:]}\nworkers:\n{logs}")
        wall = time.perf_counter() - started
        ran = {f"w{n}": stack.log(f"w{n}").count("submitted to infrastructure")
               for n in range(1, workers + 1)}
    figures = _figures(url, data_dir, workers, wall, empty)
    figures["index"] = client.info("memory")["used_memory"] - before
    figures["ran"] = ran
    for key in client.scan_iter(match=f"{redis_prefix(url)}:*", count=1000):
        client.unlink(key)
    client.close()
    return figures


def _report(name: str, f: dict) -> None:
    busy = f["crawl"] + f["extract"]
    per_day = f["pages"] / busy * 86400 / f["workers"] if busy else 0
    per_m = 1_000_000 / max(f["articles"], 1)
    print(f"{name}: {f['pages']} pages, {f['articles']} articles; crawl {f['crawl']:.1f}s, "
          f"extract {f['extract']:.1f}s, dedupe {f['dedupe']:.1f}s (wall {f['wall']:.1f}s)")
    if "ran" in f:
        print("  shard flow runs per worker: " + ", ".join(
            f"{w} {n}" for w, n in f["ran"].items()))
    _report_articles(f)
    print(f"  crawl+extract {f['pages'] / busy:.1f} pages/s = {per_day / 1e6:.2f}M pages/day "
          f"per worker")
    print(f"  store {f['store'] / f['articles'] / 1024:.1f} KB/article = "
          f"{f['store'] * per_m / 1e9:.1f} GB per million articles; WARC "
          f"{f['warc'] / f['pages'] / 1024:.1f} KB/page = {f['warc'] * per_m / 1e9:.1f} GB "
          "per million articles")
    if "index" in f:
        print(f"  Redis index (used_memory) {f['index'] / f['articles']:.0f} B/article = "
              f"{f['index'] * per_m / 1e9:.1f} GB per million articles")


def _report_articles(f: dict) -> None:
    """Throughput in articles: per stage, per second and per day, all and per worker."""
    w = f["workers"]
    for label, count, seconds in (("found", f["found"], f["crawl"]),
                                  ("extracted", f["extracted"], f["extract"]),
                                  ("clustered", f["clustered"], f["dedupe"])):
        rate = count / seconds if seconds else 0.0
        print(f"  articles {label:<9} {count:>6} in {seconds:6.1f} s = {rate:7.1f}/s "
              f"({rate / w:.1f}/s per worker, {rate * 86400 / w / 1e6:.2f}M/day per worker)")
    day = f["crawl"] + f["extract"] + f["dedupe"]
    if day:
        print(f"  end to end: {f['clustered'] / day:.1f} articles/s "
              f"({f['clustered'] / day / w:.1f} per worker) for {f['requests']} requests "
              f"({f['requests'] / max(f['clustered'], 1):.2f} per article)")
    kinds = f["kinds"]
    idle = {"listing/feed/sitemap": sum(kinds.get(k, 0) for k in ("listing", "feed", "sitemap")),
            "304 not modified": f["not_modified"], "errors": f["errors"],
            "other pages": kinds.get("other", 0)}
    idle["no page (redirects, dropped, robots)"] = max(
        f["requests"] - sum(kinds.values()) - f["not_modified"] - f["errors"], 0)
    print("  requests without an article (cost): " + ", ".join(
        f"{k} {v}" for k, v in idle.items()))


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
            base = run_baseline(config, sqlite, Path(tmp) / "sqlite")
            _report("baseline: sqlite, one process", base)
            os.environ["NEWSMON_WORKERS"] = "1"  # inherited by the workers: one core each
            for workers in (1, 2):
                name = _pg_database()
                try:
                    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
                    f = run_pool(config, url, Path(tmp) / f"pool{workers}", workers, REDIS)
                    _report(f"pool: postgresql + redis, {workers} worker(s)", f)
                    busy = f["crawl"] + f["extract"]
                    print(f"  crawl+extract time vs baseline: "
                          f"{busy / (base['crawl'] + base['extract']):.2f}x")
                finally:
                    _drop(name)
    finally:
        for server in servers:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A daily crawl, two days running, on a generated web: does it end within its budgets, and what
did it find?

    .venv/bin/python bench/crawl_budget.py [--web tuned|unseen] [--delay 1.0] [--concurrency 2]
                                           [--minutes M] [--days 2] [--seed 1]

`tuned`: the sites the crawler's tests are built on (tests/crawlers/sites_*.py); `unseen`: a
differently shaped generator web (bench/unseen_web.py) written before the crawler changes;
`unseen2`: another one (bench/unseen2_web.py) written after them, whose first run found a
class of failure (fixed); `unseen3` (bench/unseen3_web.py), written last and run once for the
report. Each includes a host that accepts connections and never answers. Per site and day it prints requests, trap
requests, coverage of the true articles, non-article rows, duplicate rows, canonical_url
right, unchanged pages downloaded again, robots.txt violations and the most requests the site
saw at once; then the run's wall time beside its polite minimum (requests x delay / concurrency
per site; Scrapy's download delay spaces every request of a site, so requests x delay is the
real floor) and each source's own crawl time from the crawler's figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "crawlers"), str(ROOT / "bench")]

import storage  # noqa: E402
from crawlers import CrawlSettings, CrawlSource, run_crawl  # noqa: E402
from simweb import HungSite  # noqa: E402
from webscore import score_day, table  # noqa: E402

AGENT = "newsmon-bench/0.1 (+http://example.invalid/newsmon)"


def build_web(name: str, seed: int) -> list:
    if name == "tuned":
        from daily_web import tuned_sites
        return tuned_sites(seed)
    if name == "unseen2":
        from unseen2_web import unseen2_sites
        return unseen2_sites(seed)
    if name == "unseen3":
        from unseen3_web import unseen3_sites
        return unseen3_sites(seed)
    from unseen_web import unseen_sites
    return unseen_sites(seed)


def crawl_settings(args) -> CrawlSettings:
    fields = {f.name for f in dataclasses.fields(CrawlSettings)}
    extra = {"max_minutes_per_source": args.minutes} if args.minutes and \
        "max_minutes_per_source" in fields else {}
    return CrawlSettings(AGENT, download_delay=args.delay,
                         concurrency_per_host=args.concurrency, **extra)


def run_day(day: int, sites: list, hung: HungSite, store, args, served: dict) -> None:
    for site in sites:
        site.day = day
        site.web.max_inflight = 0
    marks = {site.name: len(site.web.log) for site in sites}
    sources = [CrawlSource(s.name, s.base + "/") for s in sites]
    sources.append(CrawlSource(hung.name, hung.base + "/"))
    with store.begin() as conn:
        run = storage.start_run(conn, "crawl", f"2024-05-0{day}")
    started = time.perf_counter()
    summary = run_crawl(sources, crawl_settings(args), store.url, store.data_dir,
                        f"2024-05-0{day}", run, scrapy_overrides={"LOG_LEVEL": "INFO"})
    wall = time.perf_counter() - started
    scores = [score_day(s, store, s.name, day, marks[s.name], served.setdefault(s.name, set()),
                        AGENT) for s in sites]
    print(table(scores, f"\n== day {day} ({args.web} web, delay {args.delay}, "
                        f"concurrency {args.concurrency}) =="))
    _print_times(day, scores, summary, wall, args)
    _print_details(scores)


def _print_times(day, scores, summary, wall, args) -> None:
    polite = {s.site: s.requests * args.delay / args.concurrency for s in scores}
    floor = {s.site: s.requests * args.delay for s in scores}
    print(f"day {day} wall time {wall:.1f}s; polite minimum (max over sites) "
          f"{max(polite.values()):.1f}s by requests x delay / concurrency, "
          f"{max(floor.values()):.1f}s by requests x delay")
    for name, f in sorted(summary.per_source.items()):
        print(f"  {name:<12} crawl {f.seconds:>7.1f}s  requests {f.requests:>5}"
              f"  polite min {polite.get(name, 0):>6.1f}s  out of time "
              f"{f.out_of_time!s:<5} frontier left {f.frontier_left}  "
              f"traps {len(f.traps or f.trap_patterns)}")
    totals = {k: sum(getattr(s, k) for s in scores) for k in ("articles_found", "articles_true")}
    print(f"  all sites: coverage {totals['articles_found'] / max(1, totals['articles_true']):.3f}"
          f", trap requests max/site {max(s.trap_requests for s in scores)}")


def _print_details(scores) -> None:
    for s in scores:
        for label, items in (("missed", s.missed), ("non-article rows", s.non_article_rows),
                             ("wrong canonical", s.wrong_canonicals),
                             ("re-downloaded articles", s.redownloaded_articles),
                             ("re-downloaded pages", s.redownloaded_pages),
                             ("robots violations", s.robots_violations)):
            if items:
                print(f"  {s.site} {label} ({len(items)}): {items[:4]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", choices=("tuned", "unseen", "unseen2", "unseen3"), default="tuned")
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sites = [s.start() for s in build_web(args.web, args.seed)]
    hung = HungSite().start()
    served: dict = {}
    with tempfile.TemporaryDirectory(prefix="newsmon-budget-") as tmp:
        store = storage.open_store(f"sqlite:///{tmp}/bench.db", tmp)
        for day in range(1, args.days + 1):
            run_day(day, sites, hung, store, args, served)
        store.close()
    for site in sites:
        site.stop()
    hung.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

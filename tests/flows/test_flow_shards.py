"""The daily flow over shards (mapped crawl and extract tasks) clusters exactly like one piece."""

from __future__ import annotations

from collections import defaultdict

from prefect.testing.utilities import prefect_test_harness

import storage
from crawlers import CrawlSource, CrawlSummary, ExtractSummary, SourceFigures
from crawlers.crawl import shard_sources
from flows import daily
from newsmon.core.stages import StageResult, merge_results
from newsmon.demo import DemoWeb, write_sources_yaml


def _clusters(url: str, data_dir) -> set[frozenset[str]]:
    store = storage.open_store(url, data_dir)
    with store.connect() as conn:
        records = list(storage.iter_export_records(conn))
    store.close()
    found = defaultdict(set)
    for r in records:
        found[r["cluster_id"]].add(r["canonical_url"])
    return {frozenset(v) for v in found.values()}


def test_sharded_flow_clusters_like_a_single_piece(tmp_path):
    with DemoWeb(names=["daily-planet", "metro-herald", "coast-gazette"]) as web:
        config = str(write_sources_yaml(tmp_path / "sources.yaml", web.sites))
        with prefect_test_harness(server_startup_timeout=120):
            results = {}
            for shards in (1, 2):
                url = f"sqlite:///{tmp_path / f's{shards}' / 'n.db'}"
                results[shards] = (url, daily(config_path=config, store_url=url,
                                              data_dir=str(tmp_path / f"f{shards}"),
                                              run_date="2026-11-25", shards=shards))
    (one_url, one), (two_url, two) = results[1], results[2]
    assert two["crawl"]["new_articles"] == one["crawl"]["new_articles"] == 19
    assert set(two["crawl"]["per_source"]) == set(one["crawl"]["per_source"])
    assert len(two["crawl"]["run_ids"]) == 2 and len(two["extract"]["run_ids"]) == 2
    assert two["extract"]["articles"] == 19 and two["dedupe"]["new_articles"] == 19
    assert _clusters(two_url, tmp_path / "f2") == _clusters(one_url, tmp_path / "f1")


def test_shards_split_sources_by_name_and_sum_figures():
    sources = [CrawlSource(n, f"http://{n}.example/") for n in ("c", "a", "d", "b", "e")]
    pieces = [[s.name for s in shard_sources(sources, (i, 2))] for i in range(2)]
    assert pieces == [["a", "c", "e"], ["b", "d"]]
    assert shard_sources(sources, None) == sources
    a, b = SourceFigures(requests=3, pages=2), SourceFigures(requests=1, pages=5)
    crawled = merge_results("crawl", [StageResult("crawl", (3,), CrawlSummary(per_source={"a": a})),
                                      StageResult("crawl", (4,), CrawlSummary(per_source={"b": b}))])
    assert crawled.run_ids == (3, 4) and crawled.run_id == 3
    assert crawled.summary.pages == 7 and crawled.summary.requests == 4
    assert crawled.summary.per_source == {"a": a, "b": b}
    extracted = merge_results("extract", [
        StageResult("extract", (5,), ExtractSummary(pages=2, articles=1, empty=1, errors=0)),
        StageResult("extract", (6,), ExtractSummary(pages=3, articles=3, empty=0, errors=0))])
    assert extracted.summary == ExtractSummary(pages=5, articles=4, empty=1, errors=0)
    assert extracted.to_dict()["run_ids"] == [5, 6]


HOLD_RUN_LOCK = """
import sys, storage
from storage.locks import exclusive_run
store = storage.open_store(sys.argv[1], sys.argv[2])
with exclusive_run(store, "daily flow"):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def test_the_one_dispatched_piece_of_a_one_shard_run_takes_only_its_shard_lock(tmp_path):
    """`daily-pool` with shards=1 dispatches one piece while the daily flow (another process)
    holds the store's run lock; the piece must run, not refuse with StoreBusy."""
    import subprocess
    import sys

    from flows.shard_pipeline import run_shard_stage

    url, data_dir = f"sqlite:///{tmp_path / 'n.db'}", tmp_path / "files"
    storage.open_store(url, data_dir).close()
    with DemoWeb(names=["daily-planet"]) as web:
        config = str(write_sources_yaml(tmp_path / "sources.yaml", web.sites))
        holder = subprocess.Popen([sys.executable, "-c", HOLD_RUN_LOCK, url, str(data_dir)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            args = dict(config_path=config, store_url=url, data_dir=str(data_dir),
                        run_date="2026-11-25")
            crawled = run_shard_stage("crawl", args, 0, 1)
            extracted = run_shard_stage("extract", args, 0, 1)
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
    assert crawled.summary.new_articles > 0
    assert extracted.summary.articles == crawled.summary.new_articles

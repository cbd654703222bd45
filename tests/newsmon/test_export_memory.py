"""Exports stream: peak memory stays flat while the store grows tenfold (JSONL, CSV, Parquet)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

import storage
from storage.schema import articles, pages, sources

SMALL, LARGE = 2_000, 20_000
TEXT_BYTES = 2_000  # 20,000 articles hold ~40 MB of text: loading them would show

# Exports the small store then the large one in one process and prints the peak RSS (KiB)
# after each: imports and caches are warm by the second, so the difference is the growth.
MEASURE = """
import resource, sys
import storage
from newsmon.core.export import export_records
fmt, out, small, large = sys.argv[1:5]
for url in (small, large):
    store = storage.open_store(url)
    with (open(out, "wb") if fmt == "parquet" else open(out, "w", newline="")) as handle:
        n = export_records(store, fmt, None, None, False, None, handle)
    store.close()
    print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _synthetic_store(url: str, count: int) -> None:
    store = storage.open_store(url)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    filler = ("lorem ipsum dolor sit amet " * (TEXT_BYTES // 27 + 1))[:TEXT_BYTES]
    with store.begin() as conn:
        conn.execute(sources.insert().values(name="bulk", url="http://b.test/", added_at=start))
        page_id = conn.execute(pages.insert().values(
            source="bulk", url_key="http://b.test/", url="http://b.test/", kind="article",
            status=200, first_fetched_at=start, last_fetched_at=start, last_changed_at=start,
            fetch_count=1)).inserted_primary_key[0]
        for first in range(0, count, 5_000):
            conn.execute(articles.insert(), [{
                "article_id": f"a{i:015d}", "page_id": page_id, "body_hash": f"{i:064d}",
                "parser_version": "bulk", "status": "ok", "source": "bulk",
                "url": f"http://b.test/{i}", "canonical_url": f"http://b.test/{i}",
                "title": f"Story {i}", "published": start + timedelta(minutes=i),
                "text": f"{i}\n{filler}", "content_hash": f"{i:064x}", "fetched_at": start,
                "extracted_at": start} for i in range(first, min(first + 5_000, count))])
    store.close()


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bulk")
    urls = {n: f"sqlite:///{tmp / str(n) / 'n.db'}" for n in (SMALL, LARGE)}  # a dir each
    for n, url in urls.items():
        _synthetic_store(url, n)
    return urls


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_memory_stays_flat_as_the_store_grows(stores, tmp_path, fmt):
    out = str(tmp_path / f"out.{fmt}")
    result = subprocess.run([sys.executable, "-c", MEASURE, fmt, out, stores[SMALL],
                             stores[LARGE]], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    (n_small, rss_small), (n_large, rss_large) = [
        tuple(map(int, line.split())) for line in result.stdout.strip().splitlines()]
    assert (n_small, n_large) == (SMALL, LARGE)
    growth_mib = (rss_large - rss_small) / 1024
    # The large store has ~36 MB more text than the small one; holding it would add far more.
    assert growth_mib < 16, f"{fmt}: peak RSS grew {growth_mib:.1f} MiB for 10x the records"

"""A small syndication web (syndication_web.py) served on 127.0.0.1, crawled, extracted and
deduped for two days by the real stages into a temporary SQLite store; the export's clusters
are checked against the pages' labels (bench/dedupe_web.py runs the full-size web)."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from newsmon.core.export import export_records
from newsmon.core.settings import open_settings_store, resolve_settings
from newsmon.core.stages import run_stage
from syndication_sites import serve
from syndication_web import pick_texts, plan


@pytest.fixture(scope="module")
def web_clusters(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dedupe-web")
    pages = plan(pick_texts("held-out"), seed=5, stories=4, day2_stories=0, pairs=1, per_site=0)
    sites = serve(pages, seed=5)
    try:
        config = tmp / "sources.yaml"
        config.write_text("sources:\n" + "".join(f"  - name: {s.name}\n    url: {s.base}/\n"
                                                 for s in sites)
                          + "crawl:\n  download_delay: 0\n  concurrency_per_host: 4\n")
        settings = resolve_settings(config=config, store=f"sqlite:///{tmp}/web.db", data_dir=tmp,
                                    workers=1, env={})
        for day in (1, 2):
            for site in sites:
                site.day = day
            for stage in ("crawl", "extract", "dedupe"):
                run_stage(stage, settings, f"2024-05-0{day}")
        store = open_settings_store(settings)
        out = io.StringIO()
        export_records(store, "jsonl", None, None, False, None, out)
        store.close()
    finally:
        for site in sites:
            site.stop()
    by_name = {s.name: s for s in sites}
    found = {}
    for line in out.getvalue().splitlines():
        r = json.loads(line)
        parts = urlsplit(r["url"])
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        found[(by_name[r["source"]].kind, path)] = r["cluster_id"]
    return pages, found


def test_every_page_is_an_article(web_clusters):
    pages, found = web_clusters
    assert [p.path for p in pages if (p.site, p.path) not in found] == []


def test_copies_teasers_and_day_two_copies_share_their_story_cluster(web_clusters):
    pages, found = web_clusters
    clusters = defaultdict(lambda: defaultdict(list))
    for p in pages:
        if p.label.startswith("wire:"):
            clusters[p.label][found.get((p.site, p.path))].append(f"{p.kind}@{p.site}/{p.day}")
    kinds = {p.kind for p in pages if p.label.startswith("wire:")}
    assert {"teaser", "excerpt", "padded", "abridged"} <= kinds
    assert any(p.day == 2 for p in pages)
    split = {label: dict(c) for label, c in clusters.items() if len(c) > 1}
    assert split == {}


def test_hard_negatives_stay_apart(web_clusters):
    pages, found = web_clusters
    by_label = defaultdict(set)
    for p in pages:
        by_label[p.label].add(found.get((p.site, p.path)))
    negatives = [label for label in by_label if label[:5] in ("event", "topic")]
    assert len(negatives) == 4
    for one in negatives:
        for other in negatives:
            if one != other:
                assert not by_label[one] & by_label[other], (one, other)

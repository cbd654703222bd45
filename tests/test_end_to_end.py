"""The whole product as a user runs it: `newsmon run` twice against the demo web, then export.

Real parts only: the demo sites on 127.0.0.1, Scrapy in its subprocess, trafilatura in worker
processes, MinHash clustering, Prefect running the flow; once on a real SQLite file and once
on PostgreSQL with the shared index in Redis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict

import pytest

from newsmon.demo import DemoWeb, disallowed_urls, expected_articles, write_sources_yaml
from storage import url_key
from tests.conftest import need_service, pg_database

pytestmark = pytest.mark.slow
RUN_DATE = "2026-11-25"


def _newsmon(*args, env):
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            text=True, env=env, timeout=600)
    assert result.returncode == 0, f"newsmon {' '.join(args)} failed:\n{result.stderr[-4000:]}"
    return result


def _export(store, env, *extra):
    out = _newsmon("export", "--store", store, "--format", "jsonl", *extra, env=env).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_setup(request, tmp_path_factory):
    """(work dir, store URL, env): a SQLite file, or PostgreSQL with the index in Redis (the
    scaled-out set-up); every test below runs against both."""
    work = tmp_path_factory.mktemp(f"e2e-{request.param}")
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"),
           "NEWSMON_DATA_DIR": str(work / "data")}
    if request.param == "sqlite":
        yield work, f"sqlite:///{work / 'data' / 'newsmon.db'}", env
        return
    need_service("Redis", 6379)
    from dedupe import redis_prefix
    from tests.scaleout.conftest import REDIS, drop_prefix

    with pg_database() as url:
        try:
            yield work, url, {**env, "NEWSMON_INDEX_URL": REDIS}
        finally:
            drop_prefix(redis_prefix(url))


@pytest.fixture(scope="module")
def demo_runs(store_setup):
    """Two daily runs on one store against one demo web; the exports and request logs."""
    work, store, env = store_setup
    with DemoWeb() as web:
        config = write_sources_yaml(work / "sources.yaml", web.sites)
        _newsmon("run", "--config", str(config), "--store", store, "--date", RUN_DATE, env=env)
        first_log = list(web.request_log)
        first = _export(store, env)
        web.clear_log()
        _newsmon("run", "--config", str(config), "--store", store, "--date", RUN_DATE, env=env)
        second_log = list(web.request_log)
        second = _export(store, env)
        unique = _export(store, env, "--unique")
        return {"web_sites": web.sites, "expected": expected_articles(web.sites),
                "disallowed": disallowed_urls(web.sites), "first": first, "second": second,
                "unique": unique, "first_log": first_log, "second_log": second_log,
                "store": store, "env": env}


def _by_url(records):
    grouped = defaultdict(list)
    for record in records:
        grouped[url_key(record["canonical_url"])].append(record)
    return grouped


def test_every_demo_article_is_exported_exactly_once(demo_runs):
    expected = {url_key(e.url) for e in demo_runs["expected"]}
    exported = _by_url(demo_runs["first"])
    missing = sorted(expected - set(exported))
    extra = sorted(set(exported) - expected)
    assert not missing, f"articles not exported: {missing}"
    assert not extra, f"non-articles exported: {extra}"
    twice = {url: len(recs) for url, recs in exported.items() if len(recs) > 1}
    assert not twice, f"exported more than once: {twice}"


def test_article_text_is_kept_and_boilerplate_is_gone(demo_runs):
    exported = _by_url(demo_runs["first"])
    problems = []
    for e in demo_runs["expected"]:
        record = exported[url_key(e.url)][0]
        problems += [f"{e.url}: lost {s[:60]!r}" for s in e.must_contain if s not in record["text"]]
        problems += [f"{e.url}: kept {s[:60]!r}" for s in e.must_not_contain
                     if s in record["text"]]
        if record["title"] != e.title:
            problems.append(f"{e.url}: title {record['title']!r} != {e.title!r}")
    assert not problems, "\n".join(problems)


def test_syndicated_copies_share_a_cluster_and_distinct_stories_do_not(demo_runs):
    exported = _by_url(demo_runs["first"])
    clusters_of_story = defaultdict(set)
    for e in demo_runs["expected"]:
        clusters_of_story[e.story_id].add(exported[url_key(e.url)][0]["cluster_id"])
    split = {story: ids for story, ids in clusters_of_story.items() if len(ids) > 1}
    assert not split, f"copies of one story in several clusters: {split}"
    story_of_cluster = defaultdict(set)
    for story, ids in clusters_of_story.items():
        story_of_cluster[next(iter(ids))].add(story)
    merged = {cid: stories for cid, stories in story_of_cluster.items() if len(stories) > 1}
    assert not merged, f"different stories merged: {merged}"
    copies = defaultdict(int)
    for e in demo_runs["expected"]:
        copies[e.story_id] += 1
    assert max(copies.values()) >= 3  # the demo really has syndication to find


def test_export_record_fields_are_consistent(demo_runs):
    records = demo_runs["first"]
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == len(records)
    for r in records:
        members = [x for x in records if x["cluster_id"] == r["cluster_id"]]
        assert r["cluster_size"] == len(members)
        reps = [x for x in members if x["is_representative"]]
        assert len(reps) == 1
        assert r["duplicate_of"] == (None if r["is_representative"] else reps[0]["id"])
        assert r["text"] and r["fetched_at"] and r["content_hash"]
    unique = demo_runs["unique"]
    assert {r["id"] for r in unique} == {r["id"] for r in records if r["is_representative"]}


def test_second_run_changes_nothing_and_downloads_no_article_again(demo_runs):
    assert demo_runs["second"] == demo_runs["first"]
    article_paths = {url_key(e.url).split("/", 3)[3] for e in demo_runs["expected"]}
    refetched = [r for r in demo_runs["second_log"]
                 if r.status == 200 and r.path.lstrip("/").split("?")[0] in article_paths]
    assert not refetched, f"unchanged articles downloaded again: {refetched[:5]}"
    assert any(r.status == 304 for r in demo_runs["second_log"]), "no conditional GET seen"


def test_robots_txt_is_obeyed(demo_runs):
    forbidden = {url_key(u).split("/", 3)[3] for u in demo_runs["disallowed"]}
    assert forbidden, "the demo web should have a disallowed page"
    asked = [r for r in demo_runs["first_log"] + demo_runs["second_log"]
             if r.path.lstrip("/").split("?")[0] in forbidden]
    assert not asked, f"robots.txt disallowed pages were requested: {asked}"


def test_clusters_and_cluster_commands_show_the_syndicated_story(demo_runs):
    env, store = demo_runs["env"], demo_runs["store"]
    listed = _newsmon("clusters", "--store", store, "--json", env=env).stdout.splitlines()
    biggest = json.loads(listed[0])
    assert biggest["cluster_size"] >= 3 and len(biggest["sources"]) >= 3
    detail = json.loads(_newsmon("cluster", biggest["cluster_id"], "--store", store, "--json",
                                 env=env).stdout)
    assert len(detail["members"]) == biggest["cluster_size"]
    assert detail["representative_reason"]
    assert sum(m["is_representative"] for m in detail["members"]) == 1

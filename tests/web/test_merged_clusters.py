"""A merged cluster's old id still leads somewhere: the CLI, the API and the page say where."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

import storage
from newsmon.core.settings import resolve_settings
from newsmon.web import create_app

T0 = datetime(2026, 11, 25, 8, tzinfo=timezone.utc)
TEXT = "Dock workers walked out at dawn as talks over pay broke down, the union said."


def _article(conn, name: str, at: datetime) -> str:
    url = f"https://{name}.example/news/strike"
    storage.ensure_source(conn, name, f"https://{name}.example/", at)
    page_id, _ = storage.record_fetch(conn, storage.PageFetch(
        source=name, url_key=url, url=url, canonical_url=url, kind="article", status=200,
        content_type="text/html", etag=None, last_modified=None, body_hash=name * 8,
        body_bytes=10, warc_file=None, warc_offset=None, warc_length=None, fetched_at=at))
    article_id = storage.article_id(name, url)
    storage.save_article(conn, storage.ArticleVersion(
        article_id=article_id, page_id=page_id, body_hash=name * 8, parser_version="t",
        status="ok", source=name, url=url, canonical_url=url, title=f"Strike ({name})",
        author=None, published=at, language="en", text=TEXT,
        content_hash=storage.content_hash(TEXT), fetched_at=at, extracted_at=at))
    return article_id


@pytest.fixture
def merged(tmp_path):
    """Two one-copy clusters, the younger merged into the older by a later copy."""
    url = f"sqlite:///{tmp_path / 'store' / 'newsmon.db'}"
    store = storage.open_store(url)
    with store.begin() as conn:
        old, young = _article(conn, "alpha", T0), _article(conn, "beta", T0 + timedelta(hours=2))
        for article_id, at in ((old, T0), (young, T0 + timedelta(hours=2))):
            storage.save_memberships(conn, [storage.NewMembership(
                article_id, f"c{article_id}", 1.0, None, "founder")], "k", at)
        storage.merge_clusters(conn, f"c{young}", f"c{old}", young, T0 + timedelta(hours=3), "k")
    store.close()
    return url, f"c{old}", f"c{young}"


def test_the_absorbed_id_resolves_to_the_survivor_everywhere(merged):
    url, survivor, absorbed = merged
    with TestClient(create_app(resolve_settings(store=url))) as client:
        api = client.get(f"/api/clusters/{absorbed}").json()
        page = client.get(f"/clusters/{absorbed}").text
        by_own_id = client.get(f"/api/clusters/{survivor}").json()
    assert (api["cluster_id"], api["merged_from"], api["cluster_size"]) == (survivor, absorbed, 2)
    assert by_own_id["merged_from"] is None and by_own_id["aliases"] == [absorbed]
    assert f"Cluster {absorbed} was merged into this one" in page
    cli = subprocess.run([sys.executable, "-m", "newsmon", "cluster", absorbed, "--store", url,
                          "--json"], capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    shown = json.loads(cli.stdout)
    assert shown["cluster_id"] == survivor and shown["merged_from"] == absorbed
    with storage.open_store(url).connect() as conn:
        records = list(storage.iter_export_records(conn))
    assert {r["cluster_id"] for r in records} == {survivor}

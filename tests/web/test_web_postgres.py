"""The API and pages read a PostgreSQL store exactly as they read SQLite."""

from __future__ import annotations

import warnings

import pytest

import storage
from newsmon.web import create_app
from tests.newsmon.conftest import seed
from tests.web.hostile import add_hostile_article


@pytest.fixture
def pg_client(tmp_path, postgres_url):
    settings, _ = seed(tmp_path, postgres_url, names=("daily-planet", "coast-gazette"))
    add_hostile_article(settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette asks for httpx2; httpx works
        from fastapi.testclient import TestClient
    with TestClient(create_app(settings)) as client:
        yield client, settings


def test_api_paging_and_pages_on_postgresql(pg_client):
    client, settings = pg_client
    store = storage.open_store(settings.store_url, settings.data_dir)
    with store.connect() as conn:
        exported = list(storage.iter_export_records(conn))
    store.close()
    items, cursor = [], None
    while True:  # the cursor compares timestamps and ids: the part that differs per database
        page = client.get("/api/articles", params={"limit": 4, **({"cursor": cursor}
                                                                   if cursor else {})}).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert items == exported and len(items) > 8
    clusters = client.get("/api/clusters", params={"min_size": 2}).json()["items"]
    assert clusters and clusters[0]["cluster_size"] >= 2
    one = client.get(f"/api/clusters/{clusters[0]['cluster_id']}").json()
    assert len(one["members"]) == clusters[0]["cluster_size"]
    for path in ("/clusters", f"/clusters/{clusters[0]['cluster_id']}", "/sources",
                 f"/articles/{exported[0]['id']}", "/clusters?q=alert(1)"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script>alert(1)" not in response.text

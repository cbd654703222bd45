"""The read-only JSON API against a seeded store: same records as the export, paging, errors."""

from __future__ import annotations

from datetime import date

import pytest

import storage
from storage import EXPORT_FIELDS


def _export(web_store, **filters) -> list[dict]:
    store = storage.open_store(web_store.settings.store_url, web_store.settings.data_dir)
    with store.connect() as conn:
        records = list(storage.iter_export_records(conn, **filters))
    store.close()
    return records


def _all_pages(client, limit: int, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.get("/api/articles", params={**params, "limit": limit,
                                                   **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def test_articles_are_the_export_records_and_cursor_paging_loses_nothing(client, web_store):
    exported = _export(web_store)
    whole = client.get("/api/articles", params={"limit": 1000}).json()
    assert whole["next_cursor"] is None
    assert whole["items"] == exported and all(tuple(r) == EXPORT_FIELDS for r in exported)
    assert _all_pages(client, 3) == exported  # no record lost or repeated across pages


@pytest.mark.parametrize("params", [{"unique": True}, {"source": "river-times"}])
def test_article_filters_match_the_export(client, web_store, params):
    expected = _export(web_store, **params)
    assert expected and _all_pages(client, 4, **params) == expected


def test_article_days_are_inclusive(client, web_store):
    days = sorted({(r["published"] or r["fetched_at"])[:10] for r in _export(web_store)})
    first = date.fromisoformat(days[0])
    got = _all_pages(client, 5, since=days[0], until=days[0])
    assert got == _export(web_store, since=first, until=first)
    assert got and {(r["published"] or r["fetched_at"])[:10] for r in got} == {days[0]}


def test_an_unknown_source_is_a_404_naming_the_known_ones(client):
    for path in ("/api/articles", "/api/clusters", "/api/clusters.csv"):
        response = client.get(path, params={"source": "river-time"})
        assert response.status_code == 404, path
        assert response.json()["detail"] == (
            "unknown source 'river-time'; did you mean river-times? known sources: "
            "coast-gazette, daily-planet, river-times")


def test_help_page_has_the_glossary(client):
    html = client.get("/help").text
    for term in ("representative", "founder", "joined as", "copy", "excerpt"):
        assert f'<dt id="{term.replace(" ", "-")}">{term}' in html, term


def test_bad_parameters_are_client_errors(client):
    assert client.get("/api/articles", params={"cursor": "not-ours"}).status_code == 400
    assert client.get("/api/articles", params={"since": "yesterday"}).status_code == 422
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422
    assert client.get("/api/clusters/nope").status_code == 404
    assert client.post("/api/articles").status_code == 405  # read-only


def test_clusters_page_by_offset_biggest_first(client):
    first = client.get("/api/clusters", params={"min_size": 1, "limit": 5}).json()
    assert first["total"] > 5 and len(first["items"]) == 5 and first["next_offset"] == 5
    items, offset = [], 0
    while offset is not None:
        page = client.get("/api/clusters", params={"min_size": 1, "limit": 5,
                                                   "offset": offset}).json()
        items, offset = items + page["items"], page["next_offset"]
    assert len({c["cluster_id"] for c in items}) == len(items) == first["total"]
    sizes = [c["cluster_size"] for c in items]
    assert sizes == sorted(sizes, reverse=True)


def test_cluster_filters(client, web_store):
    by_source = client.get("/api/clusters", params={"source": "coast-gazette"}).json()["items"]
    assert by_source and all("coast-gazette" in c["sources"] for c in by_source)
    hostile = client.get("/api/clusters", params={"min_size": 1, "q": "<SCRIPT>"}).json()
    assert [c["cluster_id"] for c in hostile["items"]] == [web_store.xss_cluster]


def test_one_cluster_lists_members_as_export_records(client, web_store):
    biggest = client.get("/api/clusters").json()["items"][0]
    detail = client.get(f"/api/clusters/{biggest['cluster_id']}").json()
    assert detail["cluster_size"] == len(detail["members"]) == biggest["cluster_size"] >= 3
    exported = {r["id"]: r for r in _export(web_store)}
    for member in detail["members"]:
        assert {k: member[k] for k in EXPORT_FIELDS} == exported[member["id"]]
        assert 0 < member["similarity_to_representative"] <= 1
    reps = [m for m in detail["members"] if m["is_representative"]]
    assert [m["id"] for m in reps] == [detail["representative"]]
    assert all(m["changes"]["words_added"] is not None for m in detail["members"])


def test_openapi_documents_the_api_with_export_field_names(client):
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/api/articles", "/api/clusters", "/api/clusters.csv",
                                    "/api/clusters/{cluster_id}"}
    record = schema["components"]["schemas"]["ArticleRecord"]["properties"]
    assert tuple(record) == EXPORT_FIELDS
    params = {p["name"] for p in schema["paths"]["/api/articles"]["get"]["parameters"]}
    assert {"since", "until", "source", "unique", "cursor"} <= params
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text


def test_api_docs_load_nothing_from_outside(client):
    import re

    docs = client.get("/docs")
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", docs.text)
    assert assets and all(a.startswith("/") for a in assets), assets  # no CDN, no fonts
    for asset in assets:
        if asset.startswith("/static/swagger/"):
            assert client.get(asset).status_code == 200, asset
    policy = docs.headers["Content-Security-Policy"]
    assert "http" not in policy  # the browser may fetch from this server only
    assert client.get("/redoc").status_code == 404

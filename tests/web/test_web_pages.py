"""Server-rendered pages against a seeded store: content, paging, diffs, escaping, headers."""

from __future__ import annotations

import re
from html import unescape

import storage
from tests.web.hostile import XSS_TITLE, XSS_URL


def _ids(html: str) -> list[str]:
    return re.findall(r'class="cluster-link" href="/clusters/([^"]+)"', html)


def test_every_response_carries_the_security_headers(client, web_store):
    for path in ("/clusters", f"/clusters/{web_store.xss_cluster}", "/sources",
                 f"/articles/{web_store.xss_article}", "/clusters/nope", "/api/clusters"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_cluster_list_pages_through_every_cluster_once(client):
    seen, link = [], "/clusters?min_size=1&per_page=4"
    while link:
        html = client.get(link).text
        rows = _ids(html)
        assert 0 < len(rows) <= 4
        seen += rows
        found = re.search(r'<a rel="next" href="([^"]+)"', html)
        link = unescape(found.group(1)) if found else None
    api = client.get("/api/clusters", params={"min_size": 1, "limit": 500}).json()
    assert seen == [c["cluster_id"] for c in api["items"]]


def test_cluster_list_filters(client, web_store):
    default = _ids(client.get("/clusters").text)
    assert default and web_store.xss_cluster not in default  # min size 2 by default
    river = _ids(client.get("/clusters", params={"source": "river-times"}).text)
    api = client.get("/api/clusters", params={"source": "river-times"}).json()["items"]
    assert river == [c["cluster_id"] for c in api] and set(river) < set(default)
    assert _ids(client.get("/clusters", params={"since": "2999-01-01"}).text) == []
    bad = client.get("/clusters", params={"since": "soon", "min_size": "many"})
    assert bad.status_code == 200 and "is not a date" in bad.text
    assert _ids(bad.text) == default  # bad values are ignored, and said so


def test_cluster_page_shows_members_timeline_and_diffs(client):
    biggest = client.get("/api/clusters").json()["items"][0]
    detail = client.get(f"/api/clusters/{biggest['cluster_id']}").json()
    html = client.get(f"/clusters/{biggest['cluster_id']}").text
    assert detail["representative_reason"] in unescape(html)
    for member in detail["members"]:
        assert f'href="/articles/{member["id"]}"' in html
    assert html.count("<circle") == biggest["cluster_size"]  # one dot per copy
    assert html.count('class="member-diff"') == biggest["cluster_size"] - 1
    assert "<ins>" in html or "<del>" in html  # what the copies changed is marked
    kinds = [m["joined_as"] for m in detail["members"]]
    assert kinds.count("founder") == 1  # how each copy joined, in the API and on the page
    assert all(f"<td>{kind}</td>" in html for kind in kinds)


def test_article_page_shows_clean_text_and_links_to_the_source(client, web_store):
    record = client.get("/api/articles", params={"source": "coast-gazette"}).json()["items"][0]
    html = client.get(f"/articles/{record['id']}").text
    assert f'<a id="source-link" href="{record["url"]}"' in html
    first = record["text"].splitlines()[0]
    assert f"<p>{first}</p>" in unescape(html)
    assert f'href="/clusters/{record["cluster_id"]}"' in html


def test_scraped_markup_is_shown_as_text_and_bad_links_are_not_links(client, web_store):
    html = client.get(f"/articles/{web_store.xss_article}").text
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html and "<a id=\"source-link\"" not in html
    assert unescape(html).count(XSS_URL) >= 1  # shown, as text
    for path in ("/clusters?min_size=1&q=script", f"/clusters/{web_store.xss_cluster}"):
        page = client.get(path).text
        assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert XSS_TITLE not in client.get("/sources").text


def test_source_health_shows_each_sources_crawl_figures(client, web_store):
    html = client.get("/sources").text
    store = storage.open_store(web_store.settings.store_url, web_store.settings.data_dir)
    with store.connect() as conn:
        health = storage.source_health(conn)
    store.close()
    per_source = web_store.figures["crawl"]["per_source"]
    assert [h.source for h in health] == sorted(per_source)
    for h in health:
        assert h.requests == per_source[h.source]["requests"] > 0
        row = re.search(rf'<tr class="state-\w+" id="source-{h.source}">(.*?)</tr>', html, re.S)
        cells = re.findall(r"<td>([^<]*)</td>", row.group(1))
        assert cells[0:3] == [str(h.requests), str(h.pages), str(h.new_articles)]
    errors_404 = sum(f["errors"].get("http_404", 0) for f in per_source.values())
    shown_4xx = sum(int(re.findall(r"<td>([^<]*)</td>", r)[4]) for r in
                    re.findall(r'<tr class="state-\w+" id="source-.*?</tr>', html, re.S))
    assert shown_4xx == errors_404


def test_unknown_pages_are_404(client):
    assert client.get("/clusters/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 307 and home.headers["location"] == "/clusters"

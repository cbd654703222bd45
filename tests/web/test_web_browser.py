"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) on the real
server: list -> cluster -> diff, and a hostile headline shown as text with nothing run."""

from __future__ import annotations

import re

from tests.web.conftest import screenshot
from tests.web.hostile import XSS_TITLE, XSS_URL


def test_open_a_cluster_from_the_list_and_see_the_diff(page, live_server):
    page.goto(f"{live_server}/clusters")
    links = page.locator("a.cluster-link")
    assert links.count() > 0
    first_id = links.first.inner_text()
    links.first.click()
    page.wait_for_url(f"**/clusters/{first_id}")
    assert page.locator("h1").inner_text() == f"Cluster {first_id}"
    assert page.locator("#members tbody tr").count() >= 2
    assert page.locator("#timeline circle").count() == page.locator("#members tbody tr").count()
    diffs = page.locator("section.member-diff")
    assert diffs.count() >= 1
    changed = diffs.locator("ins, del")
    assert changed.count() > 0 and changed.first.is_visible()
    # The stylesheet loaded under the CSP: inserted words get their background.
    assert changed.first.evaluate("e => getComputedStyle(e).backgroundColor") != \
        "rgba(0, 0, 0, 0)"


def test_hostile_headline_is_shown_literally_and_runs_nothing(page, live_server, web_store):
    page.goto(f"{live_server}/clusters")
    page.fill("input[name=min_size]", "1")
    page.fill("input[name=q]", "alert(1)")
    page.click("button[type=submit]")
    page.wait_for_url("**/clusters?*q=alert*")
    assert page.locator("#clusters td.title").all_inner_texts() == [XSS_TITLE]
    page.click(f"a.cluster-link:text('{web_store.xss_cluster}')")
    page.wait_for_url(f"**/clusters/{web_store.xss_cluster}")
    page.click(f"#members a[href='/articles/{web_store.xss_article}']")
    page.wait_for_url(f"**/articles/{web_store.xss_article}")
    assert page.locator("#title").inner_text() == XSS_TITLE
    assert "<img src=x onerror=alert(2)>" in page.locator("#text").inner_text()
    assert page.locator("#source-link").inner_text() == XSS_URL
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("script, img, main b").count() == 0  # nothing scraped became markup
    assert page.dialogs == []


def test_api_docs_render_every_operation(page, live_server):
    page.goto(f"{live_server}/docs")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()  # Swagger UI draws them from /openapi.json (OpenAPI 3.1)
    paths = set(operations.all_inner_texts())
    assert {"/api/articles", "/api/clusters", "/api/clusters/{cluster_id}"} <= paths, paths
    assert page.get_by_text("Unable to render this definition").count() == 0
    assert all(url.startswith(live_server) for url in page.requests), page.requests
    screenshot(page, "docs")


def _word_only_in_text(live_server, page) -> tuple[str, str]:
    """A word of a copy's clean text that no headline has, and that copy's cluster."""
    records = page.request.get(f"{live_server}/api/articles?limit=1000").json()["items"]
    titles = " ".join(r["title"] or "" for r in records).lower()
    for record in sorted(records, key=lambda r: r["id"]):
        for word in re.findall(r"[a-z]{8,}", record["text"].lower()):
            if word not in titles and record["cluster_size"] and record["cluster_size"] > 1:
                return word, record["cluster_id"]
    raise AssertionError("no word found only in a text")


def test_full_text_search_sort_and_facets(page, live_server):
    word, cluster_id = _word_only_in_text(live_server, page)
    page.goto(f"{live_server}/clusters")
    page.fill("input[name=q]", word.upper())
    page.fill("input[name=min_size]", "1")
    page.click("button[type=submit]")
    page.wait_for_url(f"**q={word.upper()}*")
    found = page.locator("a.cluster-link").all_inner_texts()
    assert cluster_id in found
    for other in found:  # every hit holds the word in a member's clean text
        members = page.request.get(f"{live_server}/api/clusters/{other}").json()["members"]
        assert any(word in m["text"].lower() for m in members), (other, word)
    # the JSON and CSV links hold the same view
    api = page.request.get(live_server + page.locator("#json-link").get_attribute("href")).json()
    assert [c["cluster_id"] for c in api["items"]] == found
    csv_lines = page.request.get(live_server + page.locator("#csv-link").get_attribute("href")).text()
    assert csv_lines.splitlines()[0].startswith("cluster_id,cluster_size,sources")
    assert [line.split(",")[0] for line in csv_lines.splitlines()[1:]] == found

    page.goto(f"{live_server}/clusters?min_size=1")
    # "new today": founded on today's (UTC) date, as the seeding run did; the hostile
    # cluster is dated 2026-11-25
    from datetime import datetime, timezone

    today = datetime.now(timezone.utc).date().isoformat()
    listed = page.request.get(f"{live_server}/api/clusters?min_size=1&limit=500").json()
    rows = page.locator("#clusters tbody tr")
    new = [r.locator(".badge.new").count() == 1 for r in rows.all()]
    assert new == [c["first_seen"][:10] == today for c in listed["items"]]
    titles = rows.locator("td.title a").all_inner_texts()
    assert new[titles.index(XSS_TITLE)] is False and any(new)
    page.click("a.sort:text('sources')")
    page.wait_for_url("**sort=sources*")
    counts = [len(t.split(", ")) for t in page.locator("#clusters tbody tr td:nth-child(3)")
              .all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    facet = page.locator("#facet-sources a").first
    name, shown = facet.inner_text(), int(facet.locator("xpath=..").inner_text().split()[-1])
    facet.click()
    page.wait_for_url(f"**source={name}*")
    rows = page.locator("#clusters tbody tr td:nth-child(3)").all_inner_texts()
    assert len(rows) == shown and all(name in r.split(", ") for r in rows)
    assert page.locator("#count").inner_text().startswith(f"{shown} clusters")
    first = page.locator("#clusters tbody tr").first
    assert first.locator(".first-source").inner_text() in ("coast-gazette", "daily-planet",
                                                           "river-times")
    screenshot(page, "clusters-by-source")
    first.locator("a.title-link").click()  # the title opens the cluster
    page.wait_for_url("**/clusters/c*")
    assert page.locator("h1").inner_text().startswith("Cluster ")


def test_cluster_page_folds_unchanged_text_and_compares_any_two_copies(page, live_server):
    biggest = page.request.get(f"{live_server}/api/clusters?sort=size&limit=1").json()
    cluster = page.request.get(
        f"{live_server}/api/clusters/{biggest['items'][0]['cluster_id']}").json()
    assert len(cluster["members"]) >= 3
    page.goto(f"{live_server}/clusters/{cluster['cluster_id']}")
    folded = page.locator("tr.same-block details").first
    assert folded.locator("summary").inner_text().endswith(("unchanged paragraph",
                                                            "unchanged paragraphs"))
    assert not folded.locator("p").first.is_visible()
    folded.locator("summary").click()
    assert folded.locator("p").first.is_visible()
    others = [m for m in cluster["members"] if not m["is_representative"]]
    page.select_option("#compare select[name=right]", others[0]["id"])
    page.select_option("#compare select[name=left]", others[1]["id"])
    page.click("#compare button")
    page.wait_for_url(f"**right={others[0]['id']}*")
    heading = page.locator("section.member-diff h3")
    assert heading.count() == 1
    assert heading.inner_text().startswith(f"{others[0]['source']}: ")
    assert f" against {others[1]['source']}: " in heading.inner_text()
    screenshot(page, "cluster-compare")
    page.click("#json-link")
    assert page.url.endswith(f"/api/clusters/{cluster['cluster_id']}")


def test_archived_copy_is_the_fetched_page_sandboxed(page, live_server, web_store):
    page.goto(f"{live_server}/clusters/{web_store.xss_cluster}")
    page.requests.clear()
    page.click("a.archived-link")
    page.wait_for_url(f"**/articles/{web_store.xss_article}/archived")
    assert page.locator("#archived-title").inner_text() == "As it was published"
    response = page.request.get(page.url)
    assert response.headers["content-security-policy"].startswith("sandbox;")
    page.wait_for_timeout(1500)  # the page's meta refresh would have fired by now
    assert page.url.endswith("/archived")  # ...and did not navigate
    assert page.title() == "Hostile archived page"  # no script, no onerror ran
    assert page.locator("#archived-title").evaluate("e => getComputedStyle(e).color") == \
        "rgb(200, 0, 0)"  # its own inline style applies
    loads = [u for u in page.requests if not u.endswith("/archived")]
    assert any(not u.startswith(live_server) for u in loads)  # the page tried to load...
    assert set(loads) <= set(page.blocked)  # ...and the CSP stopped every load
    screenshot(page, "archived")
    # a real crawled page too: the demo's own HTML, served back from its WARC record
    other = page.request.get(f"{live_server}/api/clusters?limit=1").json()["items"][0]
    page.goto(f"{live_server}/articles/{other['representative']}/archived")
    assert other["title"] in page.content()

"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) on the real
server: list -> cluster -> diff, and a hostile headline shown as text with nothing run."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmon.core.settings import services_required
from tests.web.hostile import XSS_TITLE, XSS_URL

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian package `chromium`; .ci/run installs it)"
        if services_required():
            pytest.fail(message + " and NEWSMON_REQUIRE_SERVICES=1")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright's own browser download does not work here; use the system Chromium.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.dialogs = []  # every alert()/confirm() the page tries
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


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

"""The ground truth matches the pages actually served, one entry per article page."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from newsmon.demo import expected_articles, listing_urls
from newsmon.demo.layout import site_layout
from newsmon.demo.sites import site_spec
from newsmon.demo.stories import DEMO_DATE


@pytest.fixture(scope="module")
def truth(web):
    return expected_articles(web.sites)


@pytest.fixture(scope="module")
def pages(web, truth, fetch, parse_page):
    return {e.url: parse_page(fetch(e.url).text) for e in truth}


def _body(expected) -> str:
    """The article's own text as the site published it."""
    path = urlsplit(expected.url).path
    for article in site_layout(site_spec(expected.site), DEMO_DATE).articles:
        if article.path == path:
            return " ".join(article.paragraphs)
    raise AssertionError(f"no article at {expected.url}")


def test_truth_covers_every_article_page_once(web, truth):
    counts = Counter(e.url for e in truth)
    assert all(n == 1 for n in counts.values())
    served = {site.url(path) for site in web.sites
              for path, kind in site_layout(site_spec(site.name), DEMO_DATE).paths().items()
              if kind == "article"}
    assert set(counts) == served
    assert not set(counts) & set(listing_urls(web.sites))


def test_article_pages_carry_article_metadata(web, truth, pages):
    for e in truth:
        page = pages[e.url]
        site_title = site_spec(e.site).title
        assert page.title == f"{e.title} | {site_title}"
        assert page.canonical == e.url
        assert page.meta["og:type"] == ["article"]
        assert e.author in page.text
        assert ("article:published_time" in page.meta) == e.has_published_meta
    for site in web.sites:
        flags = [e.has_published_meta for e in truth if e.site == site.name]
        assert 0 < flags.count(False) < flags.count(True), site.name


def test_listing_pages_are_not_articles(web, fetch, parse_page):
    for url in listing_urls(web.sites):
        page = parse_page(fetch(url).text)
        assert page.meta.get("og:type") == ["website"], url
        assert page.canonical and " | " in page.title


def test_must_contain_is_in_body_and_page(truth, pages):
    for e in truth:
        body = _body(e)
        assert len(e.must_contain) >= 2
        for sentence in e.must_contain:
            assert sentence in body and sentence in pages[e.url].text


def test_must_not_contain_is_on_page_but_not_in_body(truth, pages):
    for e in truth:
        body = _body(e)
        assert e.must_not_contain
        for boiler in e.must_not_contain:
            assert boiler in pages[e.url].text, (e.url, boiler)
            assert boiler not in body, (e.url, boiler)


def test_site_boilerplate_strings(truth):
    wanted = {
        "daily-planet": ["Share this article", "See also", "Read more"],
        "metro-herald": ["Related topics", "Trending now"],
        "river-times": ["Leave a Reply", "Your email address will not be published"],
        "coast-gazette": ["Advertisement", "Most read", "(Photo:"],
    }
    for e in truth:
        assert set(wanted[e.site]) <= set(e.must_not_contain)
    river = [e for e in truth if e.site == "river-times"]
    # reader comments and the author bio are listed too
    assert all(len(e.must_not_contain) >= len(wanted["river-times"]) + 3 for e in river)

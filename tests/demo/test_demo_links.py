"""Crawl each demo site like a polite crawler would and check what it can reach."""

from __future__ import annotations

import urllib.robotparser
import xml.etree.ElementTree as ET
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from newsmon.demo import disallowed_urls, expected_articles, listing_urls, machine_urls

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _crawl(site, fetch, parse_page):
    """Every same-site URL reachable from the homepage, feeds and sitemaps -> status."""
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(fetch(site.url("/robots.txt")).text.splitlines())
    seen: dict[str, int] = {}
    blocked: set[str] = set()
    offsite: set[str] = set()
    queue = [site.base_url] + [u for u in robots.site_maps() or []]
    while queue:
        url = urldefrag(queue.pop(0))[0]
        if url in seen or url in blocked:
            continue
        if not robots.can_fetch("newsmon-test", url):
            blocked.add(url)
            continue
        resp = fetch(url)
        seen[url] = resp.status
        kind = resp.headers.get("content-type", "")
        if resp.status != 200:
            continue
        if kind.startswith("text/html"):
            page = parse_page(resp.text)
            found = page.links + [href for _, href in page.alternates]
        elif "xml" in kind:
            root = ET.fromstring(resp.body)
            found = [e.text for e in root.iter(f"{SITEMAP}loc")]
            found += [e.text for e in root.iter("link") if e.text]
            found += [e.get("href") for e in root.iter("{http://www.w3.org/2005/Atom}link")]
        else:
            found = []
        for href in found:
            if href.startswith(("mailto:", "https://facebook.example", "https://twitter.example")):
                continue
            absolute = urljoin(url, href)
            if urlsplit(absolute).netloc != urlsplit(site.base_url).netloc:
                offsite.add(absolute)
                continue
            queue.append(absolute)
    return seen, blocked, offsite


@pytest.fixture(scope="module")
def crawls(web, fetch, parse_page):
    return {site.name: (site, *_crawl(site, fetch, parse_page)) for site in web.sites}


def _strip_tracking(url: str) -> str:
    return url.split("?utm_")[0].split("&utm_")[0]


def test_every_linked_url_resolves(crawls):
    for name, (site, seen, blocked, offsite) in crawls.items():
        broken = {u: s for u, s in seen.items() if s != 200}
        assert not broken, (name, broken)
        assert not offsite, (name, offsite)


def test_crawl_reaches_every_article_and_listing(web, crawls):
    articles = {e.url for e in expected_articles(web.sites)}
    listings = set(listing_urls(web.sites))
    reached = {_strip_tracking(u) for _, (_, seen, _, _) in crawls.items() for u in seen}
    assert articles <= reached
    assert listings <= reached
    machine = machine_urls(web.sites)
    feeds_given = {web.site("coast-gazette").url("/feeds/latest.atom")}
    # Everything reached is known to the truth; the Atom feed is only named in sources.yaml.
    assert reached <= articles | listings | set(machine) | {
        web.site("coast-gazette").url("/static/photo-placeholder.svg")}
    robots = {u for u, kind in machine.items() if kind == "robots"}
    assert set(machine) - reached - robots == feeds_given


def test_private_page_is_linked_exists_and_is_disallowed(web, crawls, fetch, parse_page):
    herald = web.site("metro-herald")
    (private,) = disallowed_urls(web.sites)
    assert private.startswith(herald.base_url)
    assert private in parse_page(fetch(herald.base_url).text).links
    assert fetch(private).status == 200
    _, seen, blocked, _ = crawls["metro-herald"]
    assert private in blocked and private not in seen
    assert "Disallow: /private/" in fetch(herald.url("/robots.txt")).text


def test_river_times_is_links_only(web, fetch, parse_page):
    river = web.site("river-times")
    robots = fetch(river.url("/robots.txt")).text
    assert "Sitemap:" not in robots
    home = parse_page(fetch(river.base_url).text)
    assert not home.alternates
    for path in ("/feed/", "/rss.xml", "/sitemap.xml", "/sitemap_index.xml", "/feed"):
        assert fetch(river.url(path)).status in (404, 301)
    assert river.url("/page/2/") in home.links

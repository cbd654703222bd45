"""robots.txt, RSS, Atom and sitemaps are well-formed and say what the crawler needs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import yaml

from newsmon.demo import expected_articles, sources_yaml, write_sources_yaml

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _articles(web, name):
    return [e for e in expected_articles(web.sites) if e.site == name]


def test_robots_txt_per_site(web, fetch):
    for site in web.sites:
        lines = fetch(site.url("/robots.txt")).text.splitlines()
        assert lines[0] == "User-agent: *"
        assert all(":" in line for line in lines if line)
        sitemaps = [line.split(": ", 1)[1] for line in lines if line.startswith("Sitemap:")]
        if site.name == "metro-herald":
            assert sitemaps == [site.url("/sitemap_index.xml")]
        else:
            assert sitemaps == []


def test_rss_feed_lists_every_article(web, fetch, parse_page):
    planet = web.site("daily-planet")
    home = parse_page(fetch(planet.base_url).text)
    assert ("application/rss+xml", planet.url("/rss.xml")) in home.alternates
    root = ET.fromstring(fetch(planet.url("/rss.xml")).body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert {i.findtext("link") for i in items} == {e.url for e in _articles(web, "daily-planet")}
    for item in items:
        assert item.findtext("title") and item.findtext("guid") == item.findtext("link")
        assert item.findtext("pubDate").endswith("GMT")


def test_atom_feed_is_given_in_sources_not_advertised(web, fetch, parse_page):
    gazette = web.site("coast-gazette")
    feed_url = gazette.url("/feeds/latest.atom")
    assert not parse_page(fetch(gazette.base_url).text).alternates
    root = ET.fromstring(fetch(feed_url).body)
    assert root.tag == f"{ATOM}feed"
    links = {e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")}
    assert links == {e.url for e in _articles(web, "coast-gazette")}
    for entry in root.findall(f"{ATOM}entry"):
        datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    config = yaml.safe_load(sources_yaml(web.sites))
    by_name = {s["name"]: s for s in config["sources"]}
    assert by_name["coast-gazette"]["feeds"] == [feed_url]


def test_sitemap_index_and_news_sitemap(web, fetch):
    herald = web.site("metro-herald")
    index = ET.fromstring(fetch(herald.url("/sitemap_index.xml")).body)
    assert index.tag == f"{SM}sitemapindex"
    locs = [e.text for e in index.iter(f"{SM}loc")]
    assert herald.url("/news-sitemap.xml") in locs
    news = ET.fromstring(fetch(herald.url("/news-sitemap.xml")).body)
    articles = {e.url: e for e in _articles(web, "metro-herald")}
    urls = news.findall(f"{SM}url")
    assert {u.findtext(f"{SM}loc") for u in urls} == set(articles)
    for url in urls:
        expected = articles[url.findtext(f"{SM}loc")]
        assert url.findtext(f"{NEWS}news/{NEWS}title") == expected.title
        published = url.findtext(f"{NEWS}news/{NEWS}publication_date")
        assert datetime.fromisoformat(published).isoformat() == expected.published
        assert url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") == "Metro Herald"
    for loc in locs:
        root = ET.fromstring(fetch(loc).body)
        if loc.endswith("sitemap-pages.xml"):
            pages = {e.text for e in root.iter(f"{SM}loc")}
            assert herald.base_url in pages and not pages & set(articles)


def test_write_sources_yaml(web, tmp_path):
    path = write_sources_yaml(tmp_path / "conf" / "sources.yaml", web.sites, download_delay=0.0)
    config = yaml.safe_load(path.read_text())
    assert [s["name"] for s in config["sources"]] == [s.name for s in web.sites]
    assert [s["url"] for s in config["sources"]] == [s.base_url for s in web.sites]
    assert config["crawl"]["download_delay"] == 0 and config["crawl"]["obey_robots"] is True
    for source in config["sources"]:
        assert set(source) <= {"name", "url", "feeds", "sitemaps", "max_pages"}
        assert source["name"].replace("-", "").isalnum() and source["name"].islower()

from __future__ import annotations

import gzip

from crawlers.parsers import FeedEntry, SitemapEntry, parse_feed, parse_sitemap

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Daily Planet</title>
<item><title>Council approves tram line</title><link>https://news.example.com/2024/05/12/tram</link>
<pubDate>Sun, 12 May 2024 07:30:00 +0000</pubDate></item>
<item><title>Permalink guid only</title><guid isPermaLink="true">https://news.example.com/2024/05/11/guid</guid>
<dc:date>2024-05-11T10:00:00+02:00</dc:date></item>
<item><title>Not a web link</title><guid isPermaLink="false">tag:example.com,2024:1</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/">
<entry><title type="html">Beans &amp; heat</title><link rel="edit" href="/wp-admin/1"/>
<link rel="alternate" type="text/html" href="/2024/08/14/beans/"/>
<published>2024-08-14T09:12:00+01:00</published><updated>2024-08-15T10:00:00Z</updated></entry>
</feed>"""

XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>a&xxe;b</title><link>https://news.example.com/x</link></item></channel></rss>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/2024/05/12/tram</loc><lastmod>2024-05-12T11:02:00Z</lastmod>
<news:news><news:publication><news:name>Daily Planet</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-05-12T07:30:00+00:00</news:publication_date><news:title>Council approves tram line</news:title></news:news></url>
<url><loc>https://news.example.com/about</loc></url>
<url><loc>ftp://nope</loc></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.com/sitemap-news.xml</loc><lastmod>2024-05-12</lastmod></sitemap>
<sitemap><loc>https://news.example.com/sitemap-2024-05.xml.gz</loc></sitemap></sitemapindex>"""


def test_rss():
    assert parse_feed(RSS) == [
        FeedEntry("https://news.example.com/2024/05/12/tram", "2024-05-12T07:30:00+00:00", "Council approves tram line"),
        FeedEntry("https://news.example.com/2024/05/11/guid", "2024-05-11T10:00:00+02:00", "Permalink guid only"),
    ]


def test_atom_prefers_alternate_link_and_resolves_xml_base():
    assert parse_feed(ATOM) == [FeedEntry("https://blog.example.org/2024/08/14/beans/",
                                          "2024-08-14T09:12:00+01:00", "Beans & heat")]


def test_feed_tolerates_junk():
    assert parse_feed(b"") == [] and parse_feed(b"<html>not a feed") == []
    broken = b"\n\n  " + RSS.replace(b"</channel></rss>", b"")  # truncated download
    assert len(parse_feed(broken)) == 2


def test_feed_never_expands_external_entities():
    entries = parse_feed(XXE)
    assert entries and "root:" not in (entries[0].title or "")


def test_google_news_sitemap():
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert sitemap.kind == "urlset"
    assert sitemap.entries == [
        SitemapEntry("https://news.example.com/2024/05/12/tram", "2024-05-12T11:02:00+00:00",
                     "2024-05-12T07:30:00+00:00"),
        SitemapEntry("https://news.example.com/about"),
    ]


def test_sitemap_index_gzipped():
    sitemap = parse_sitemap(gzip.compress(INDEX))
    assert sitemap.kind == "index"
    assert [e.url for e in sitemap.entries] == ["https://news.example.com/sitemap-news.xml",
                                                "https://news.example.com/sitemap-2024-05.xml.gz"]
    assert sitemap.entries[0].lastmod == "2024-05-12"


def test_unreadable_sitemap_is_empty():
    assert parse_sitemap(b"\x00garbage").entries == []

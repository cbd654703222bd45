"""Machine-readable site files: robots.txt, RSS 2.0, Atom, sitemap index, Google News sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime

from .catalog import SiteArticle
from .sites import SiteSpec

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
SITEMAP_INDEX_PATH = "/sitemap_index.xml"
NEWS_SITEMAP_PATH = "/news-sitemap.xml"
PAGES_SITEMAP_PATH = "/sitemap-pages.xml"

Url = Callable[[str], str]


def _xml(root: ET.Element, namespaces: dict[str, str]) -> str:
    for prefix, uri in namespaces.items():
        ET.register_namespace(prefix, uri)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def robots_txt(spec: SiteSpec, url: Url) -> str:
    """robots.txt: the site's Disallow rules, and its sitemap index when it has one."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in spec.disallow] or ["Disallow:"]
    if spec.sitemaps:
        lines += ["", f"Sitemap: {url(SITEMAP_INDEX_PATH)}"]
    return "\n".join(lines) + "\n"


def rss_feed(spec: SiteSpec, url: Url, articles: list[SiteArticle]) -> str:
    """RSS 2.0 channel listing every article, newest first."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", spec.title)
    _sub(channel, "link", url("/"))
    _sub(channel, "description", spec.tagline)
    _sub(channel, "language", "en-gb")
    _sub(channel, "lastBuildDate", format_datetime(newest(articles), usegmt=True))
    _sub(channel, f"{{{ATOM_NS}}}link", href=url(spec.feed_path or "/"), rel="self",
         type="application/rss+xml")
    for article in articles:
        item = _sub(channel, "item")
        _sub(item, "title", article.headline)
        _sub(item, "link", url(article.path))
        _sub(item, "guid", url(article.path), isPermaLink="true")
        _sub(item, "pubDate", format_datetime(article.published, usegmt=True))
        _sub(item, f"{{{DC_NS}}}creator", article.author)
        _sub(item, "category", article.section)
        _sub(item, "description", article.summary)
    return _xml(root, {"atom": ATOM_NS, "dc": DC_NS})


def atom_feed(spec: SiteSpec, url: Url, articles: list[SiteArticle]) -> str:
    """Atom 1.0 feed listing every article, newest first."""
    a = f"{{{ATOM_NS}}}"
    root = ET.Element(f"{a}feed", {"xml:lang": "en"})
    _sub(root, f"{a}id", url("/"))
    _sub(root, f"{a}title", spec.title)
    _sub(root, f"{a}subtitle", spec.tagline)
    _sub(root, f"{a}updated", newest(articles).isoformat())
    _sub(root, f"{a}link", href=url(spec.feed_path or "/"), rel="self")
    _sub(root, f"{a}link", href=url("/"), rel="alternate", type="text/html")
    for article in articles:
        entry = _sub(root, f"{a}entry")
        _sub(entry, f"{a}id", url(article.path))
        _sub(entry, f"{a}title", article.headline)
        _sub(entry, f"{a}link", href=url(article.path), rel="alternate", type="text/html")
        _sub(entry, f"{a}published", article.published.isoformat())
        _sub(entry, f"{a}updated", article.modified.isoformat())
        _sub(_sub(entry, f"{a}author"), f"{a}name", article.author)
        _sub(entry, f"{a}summary", article.summary)
    return _xml(root, {"": ATOM_NS})


def sitemap_index(url: Url, lastmod: datetime) -> str:
    """Sitemap index naming the news sitemap and the sitemap of non-article pages."""
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for path in (NEWS_SITEMAP_PATH, PAGES_SITEMAP_PATH):
        entry = _sub(root, f"{{{SITEMAP_NS}}}sitemap")
        _sub(entry, f"{{{SITEMAP_NS}}}loc", url(path))
        _sub(entry, f"{{{SITEMAP_NS}}}lastmod", lastmod.isoformat())
    return _xml(root, {"": SITEMAP_NS})


def news_sitemap(spec: SiteSpec, url: Url, articles: list[SiteArticle]) -> str:
    """Google News sitemap: one <url> per article with news:publication_date and news:title."""
    s, n = f"{{{SITEMAP_NS}}}", f"{{{NEWS_NS}}}"
    root = ET.Element(f"{s}urlset")
    for article in articles:
        entry = _sub(root, f"{s}url")
        _sub(entry, f"{s}loc", url(article.path))
        news = _sub(entry, f"{n}news")
        publication = _sub(news, f"{n}publication")
        _sub(publication, f"{n}name", spec.title)
        _sub(publication, f"{n}language", "en")
        _sub(news, f"{n}publication_date", article.published.isoformat())
        _sub(news, f"{n}title", article.headline)
    return _xml(root, {"": SITEMAP_NS, "news": NEWS_NS})


def pages_sitemap(url: Url, paths: list[str], lastmod: datetime) -> str:
    """Plain sitemap of the site's non-article pages (home, sections, tags, about, contact)."""
    s = f"{{{SITEMAP_NS}}}"
    root = ET.Element(f"{s}urlset")
    for path in paths:
        entry = _sub(root, f"{s}url")
        _sub(entry, f"{s}loc", url(path))
        _sub(entry, f"{s}lastmod", lastmod.date().isoformat())
    return _xml(root, {"": SITEMAP_NS})


def newest(articles: list[SiteArticle]) -> datetime:
    """The latest modification time among ``articles``."""
    return max(a.modified for a in articles)


"""RSS 2.0 / RSS 1.0 / Atom feeds and XML sitemaps (incl. Google News tags), XXE-safe."""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .dates import to_iso8601

__all__ = ["FeedEntry", "Sitemap", "SitemapEntry", "parse_feed", "parse_sitemap"]

# Entities are never expanded (billion laughs, XXE), nothing is fetched, broken XML is salvaged.
_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                       recover=True, remove_comments=True, remove_pis=True)
_MAX_GUNZIPPED = 64 * 1024 * 1024  # sitemaps are capped at 50 MB uncompressed by the protocol


@dataclass(frozen=True)
class FeedEntry:
    url: str
    published: str | None  # ISO 8601
    title: str | None


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None = None  # ISO 8601
    news_published: str | None = None  # ISO 8601, from news:publication_date


@dataclass(frozen=True)
class Sitemap:
    kind: Literal["urlset", "index"]
    entries: list[SitemapEntry] = field(default_factory=list)


def parse_feed(body: bytes, base_url: str | None = None) -> list[FeedEntry]:
    """Entries of an RSS or Atom feed, in feed order; [] when the body is not a feed."""
    root = _parse_xml(body)
    if root is None:
        return []
    base = _xml_base(root, base_url)
    entries: list[FeedEntry] = []
    for item in root.iter():
        name = _local(item)
        if name not in ("item", "entry"):
            continue
        url = _entry_url(item, base) if name == "entry" else _item_url(item, base)
        if url:
            published = _child_text(item, "pubDate", "published", "date", "issued", "updated", "modified")
            entries.append(FeedEntry(url, to_iso8601(published) if published else None,
                                     _child_text(item, "title")))
    return entries


def parse_sitemap(body: bytes) -> Sitemap:
    """A <urlset> or <sitemapindex>, gzip or not; an unreadable body gives an empty urlset."""
    root = _parse_xml(body)
    if root is None:
        return Sitemap("urlset", [])
    kind: Literal["urlset", "index"] = "index" if _local(root) == "sitemapindex" else "urlset"
    wanted = "sitemap" if kind == "index" else "url"
    entries = [_sitemap_entry(el) for el in root if _local(el) == wanted]
    return Sitemap(kind, [e for e in entries if e is not None])


def _sitemap_entry(el: etree._Element) -> SitemapEntry | None:
    loc = (_child_text(el, "loc") or "").strip()
    if urlsplit(loc).scheme not in ("http", "https"):
        return None
    news = next((c for c in el if _local(c) == "news"), None)
    lastmod = _child_text(el, "lastmod")
    published = _child_text(news, "publication_date") if news is not None else None
    return SitemapEntry(
        url=loc,
        lastmod=to_iso8601(lastmod) if lastmod else None,
        news_published=to_iso8601(published) if published else None,
    )


def _parse_xml(body: bytes) -> etree._Element | None:
    data = _gunzip(bytes(body or b"")).lstrip()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:].lstrip()
    if not data:
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        return None


def _gunzip(data: bytes) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, _MAX_GUNZIPPED)
    except zlib.error:
        return b""


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(el: etree._Element | None, *names: str) -> str | None:
    if el is None:
        return None
    for name in names:
        for child in el:
            if _local(child) == name and child.text and child.text.strip():
                return " ".join(child.text.split())
    return None


def _item_url(item: etree._Element, base: str) -> str | None:
    link = _child_text(item, "link")
    if not link:
        guid = next((c for c in item if _local(c) == "guid"), None)
        if guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
            link = (guid.text or "").strip()
    link = link or item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return _web_url(link, base)


def _entry_url(entry: etree._Element, base: str) -> str | None:
    links = [c for c in entry if _local(c) == "link" and c.get("href")]
    preferred = [c for c in links if (c.get("rel") or "alternate") == "alternate"] or links
    return _web_url(preferred[0].get("href"), _xml_base(entry, base)) if preferred else None


def _xml_base(el: etree._Element, base: str | None) -> str:
    return urljoin(base or "", el.get("{http://www.w3.org/XML/1998/namespace}base") or "")


def _web_url(href: str | None, base: str) -> str | None:
    url = urljoin(base, (href or "").strip())
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None

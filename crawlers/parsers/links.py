"""Cheap lxml helpers the spider calls on every page: parse once, links, feeds, canonical,
and a fingerprint of what the page shows."""
from __future__ import annotations

import hashlib
from typing import TypeAlias
from urllib.parse import urljoin, urldefrag, urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

__all__ = ["HtmlInput", "parse_html", "extract_links", "extract_feed_links", "extract_canonical",
           "page_fingerprint", "text_blocks"]

HtmlInput: TypeAlias = str | bytes | HtmlElement

_PARSER = lxml.html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "ftp:", "file:", "about:")
_PAGING_RELS = frozenset({"next", "prev", "previous"})
_SHOWN_TEXT = etree.XPath("//body//text()[not(ancestor::script or ancestor::style"
                          " or ancestor::noscript or ancestor::template)]")
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                         "application/feed+json", "application/json+feed", "text/xml", "application/xml"})


def parse_html(html: HtmlInput) -> HtmlElement:
    """An lxml tree for a page (pass it to the other helpers to parse only once)."""
    if isinstance(html, HtmlElement):
        return html
    if isinstance(html, str):
        # lxml refuses str with an encoding declaration; bytes let it honour <meta charset>.
        html = html.encode("utf-8")
        parser = lxml.html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True, encoding="utf-8")
    else:
        parser = _PARSER
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


def extract_links(html: HtmlInput, base_url: str) -> list[str]:
    """Absolute http(s) URLs of <a href>/<area href>, fragments removed, in page order, unique;
    then <link rel="next"/"prev">, the pagination some templates give only in the head."""
    tree = parse_html(html)
    base = _base(tree, base_url)
    seen: dict[str, None] = {}
    hrefs = tree.xpath("//a/@href | //area/@href")
    hrefs += [link.get("href") for link in tree.xpath("//link[@href]")
              if _PAGING_RELS & set((link.get("rel") or "").lower().split())]
    for href in hrefs:
        url = absolute_url(href, base)
        if url:
            seen.setdefault(url, None)
    return list(seen)


def page_fingerprint(html: HtmlInput) -> str:
    """A hash of the text a page shows (not its markup, so not its links' URLs): equal for
    two URLs that differ only in a session id the page writes into every link."""
    tree = parse_html(html)
    text = " ".join(" ".join(_SHOWN_TEXT(tree)).split())
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def text_blocks(html: HtmlInput, min_chars: int = 80) -> list[tuple[str, int]]:
    """(hash, length) of each block of text a page shows that is at least `min_chars` long:
    what two copies of one story share even when their comments, ads or links differ."""
    tree = parse_html(html)
    out = []
    for text in _SHOWN_TEXT(tree):
        block = " ".join(text.split())
        if len(block) >= min_chars:
            out.append((hashlib.sha1(block.encode("utf-8", "replace")).hexdigest()[:16], len(block)))
    return out


def extract_feed_links(html: HtmlInput, base_url: str) -> list[str]:
    """Feeds advertised with <link rel="alternate" type="application/rss+xml|atom+xml">."""
    tree = parse_html(html)
    base = _base(tree, base_url)
    seen: dict[str, None] = {}
    for link in tree.xpath("//link[@href]"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in _FEED_TYPES:
            url = absolute_url(link.get("href"), base)
            if url:
                seen.setdefault(url, None)
    return list(seen)


def extract_canonical(html: HtmlInput, base_url: str) -> str | None:
    """<link rel="canonical">, else og:url, as an absolute http(s) URL; None when absent."""
    tree = parse_html(html)
    base = _base(tree, base_url)
    hrefs = [link.get("href") for link in tree.xpath("//link[@href]")
             if "canonical" in (link.get("rel") or "").lower().split()]
    hrefs += tree.xpath('//meta[@property="og:url"]/@content')
    for href in hrefs:
        url = absolute_url(href, base)
        if url:
            return url
    return None


def absolute_url(href: str | None, base: str) -> str | None:
    """href resolved against base, without fragment; None for non-web schemes and bare '#x'."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url


def _base(tree: HtmlElement, base_url: str) -> str:
    # <base href> changes what relative links mean.
    href = next(iter(tree.xpath("//base/@href")), None)
    return urljoin(base_url, href.strip()) if href and href.strip() else base_url

"""HTML -> ParsedArticle: candidate bodies, the displayed headline and standfirst, our clean-up."""
from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from .blocks import BlockIndex, line_key
from .body import extract_body
from .cleanup import clean_text
from .decoding import decode_html
from .headline import displayed_head
from .language import detect_language
from .metadata import clean_title, read_metadata
from .site_profile import SiteProfile
from .textnorm import like_page, strip_controls
from .widgets import prune_inline_cards

__all__ = ["PARSER_VERSION", "ParsedArticle", "parse_article"]

# Part of the articles table key: bump whenever parse_article's output can change.
PARSER_VERSION = "6"


@dataclass(frozen=True)
class ParsedArticle:
    title: str | None
    author: str | None
    published: str | None  # ISO 8601, with offset when the page states one
    language: str | None  # ISO 639-1
    text: str  # one paragraph a line; '' when nothing was found
    canonical_url: str | None


_EMPTY = ParsedArticle(None, None, None, None, "", None)
_UTF8 = lxml.html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True, encoding="utf-8")


def _page_tree(html: str) -> tuple[HtmlElement, bool]:
    """The page's tree (as links.parse_html builds it) and whether it may write letters decomposed:
    the combining marks U+0300-U+036F start with these UTF-8 bytes, a scan far cheaper than a regex."""
    data = html.encode("utf-8")
    try:
        tree = lxml.html.document_fromstring(data, parser=_UTF8)
    except (etree.ParserError, ValueError):
        tree = lxml.html.document_fromstring("<html></html>")
    return tree, b"\xcc" in data or b"\xcd" in data


def parse_article(html: str | bytes, url: str | None = None, profile: SiteProfile | None = None) -> ParsedArticle:
    """Headline, byline, date, language, clean body text and canonical URL of a news page.

    Pass text decoded with decode_html(body, content_type) when the HTTP header is known;
    bytes are decoded from BOM/<meta> alone. `profile`: the source's learned boilerplate
    (site_profile.learn_profile over other pages of the same source); None on a lone page.
    Example: parse_article(read_saved_page("page.html.gz"), url="https://example.com/a").text
    """
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html))
    if not html or not html.strip():
        return _EMPTY
    html = strip_controls(html) or ""  # escape sequences must not reach any field
    tree, marks = _page_tree(html)
    meta = read_metadata(tree, url)
    prune_inline_cards(tree)
    blocks = BlockIndex(tree)
    text = clean_text(extract_body(tree, url, blocks), meta.headings, (), meta.author)
    if profile is not None:
        text = profile.strip(text)
    lines = text.splitlines()
    head = displayed_head(tree, blocks, lines, list(meta.claimed_titles), list(meta.descriptions))
    lines = lines[head.heading_lines:]
    text = "\n".join(lines)
    if head.standfirst and line_key(head.standfirst) not in {line_key(ln) for ln in lines}:
        text = f"{head.standfirst}\n{text}" if text else ""
    title = clean_title(head.title, meta.site_name, url, []) if head.title else meta.title
    text = like_page(strip_controls(text) or "", html) if marks else strip_controls(text) or ""
    return ParsedArticle(
        title=strip_controls(title, keep_newlines=False) or None,
        author=strip_controls(meta.author, keep_newlines=False) or None,
        published=meta.published,
        language=meta.language or detect_language(text),
        text=text,
        canonical_url=meta.canonical_url,
    )

"""HTML -> ParsedArticle: trafilatura for the body, our own metadata and news clean-up."""
from __future__ import annotations

from dataclasses import dataclass

from .body import extract_body
from .cleanup import clean_text
from .decoding import decode_html
from .language import detect_language
from .links import parse_html
from .metadata import read_metadata

__all__ = ["PARSER_VERSION", "ParsedArticle", "parse_article"]

# Part of the articles table key: bump whenever parse_article's output can change.
PARSER_VERSION = "2"


@dataclass(frozen=True)
class ParsedArticle:
    title: str | None
    author: str | None
    published: str | None  # ISO 8601, with offset when the page states one
    language: str | None  # ISO 639-1
    text: str  # one paragraph a line; '' when nothing was found
    canonical_url: str | None


_EMPTY = ParsedArticle(None, None, None, None, "", None)


def parse_article(html: str | bytes, url: str | None = None) -> ParsedArticle:
    """Headline, byline, date, language, clean body text and canonical URL of a news page.

    Pass text decoded with decode_html(body, content_type) when the HTTP header is known;
    bytes are decoded from BOM/<meta> alone. Example:
    parse_article(read_saved_page("page.html.gz"), url="https://example.com/a").text
    """
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html))
    if not html or not html.strip():
        return _EMPTY
    tree = parse_html(html)
    meta = read_metadata(tree, url)
    text = clean_text(extract_body(html, tree, url), meta.headings, meta.standfirsts, meta.author)
    return ParsedArticle(
        title=meta.title,
        author=meta.author,
        published=meta.published,
        language=meta.language or detect_language(text),
        text=text,
        canonical_url=meta.canonical_url,
    )


"""Pure HTML/XML parsing for newsmon: article fields, page kind, links, feeds, sitemaps.

Imports neither Scrapy nor storage, so it runs in worker processes, tests and `newsmon parse`.
"""
from .article import PARSER_VERSION, ParsedArticle, parse_article
from .cleanup import clean_text
from .decoding import PageTooLarge, decode_html, read_saved_page
from .feeds import FeedEntry, Sitemap, SitemapEntry, parse_feed, parse_sitemap
from .links import (
    extract_canonical,
    extract_feed_links,
    extract_links,
    page_fingerprint,
    parse_html,
    text_blocks,
)
from .pagetype import PageEvidence, PageKind, classify_page, page_evidence

__all__ = [
    "PARSER_VERSION",
    "ParsedArticle",
    "parse_article",
    "clean_text",
    "decode_html",
    "read_saved_page",
    "PageTooLarge",
    "FeedEntry",
    "Sitemap",
    "SitemapEntry",
    "parse_feed",
    "parse_sitemap",
    "parse_html",
    "extract_links",
    "extract_feed_links",
    "extract_canonical",
    "page_fingerprint",
    "text_blocks",
    "PageKind",
    "PageEvidence",
    "classify_page",
    "page_evidence",
]

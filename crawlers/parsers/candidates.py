"""Candidate bodies: trafilatura (fast and with its own readability/justext fallbacks) and readability.

Each is plain text, one paragraph a line. They fail differently: trafilatura's fast path keeps
one container and can stop at the lede; readability scores paragraphs by text and link density
and finds bodies trafilatura misses, but keeps captions; trafilatura with fallbacks compares
itself with both. body.py picks between them by signals.
"""
from __future__ import annotations

from copy import deepcopy
from functools import cache
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.external import try_readability
from trafilatura.settings import use_config

__all__ = ["trafilatura_text", "readability_text"]

_READ_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "dd")


def trafilatura_text(html: str | HtmlElement, url: str | None, fast: bool, tables: bool = True) -> str:
    # Our tree rather than the string when we have it: trafilatura copies a tree it is given
    # (its own input is never changed), which costs a quarter of its parse and repair of the
    # string, and reads the same tree. Comments are never article text.
    options: dict[str, Any] = dict(url=url, fast=fast, include_comments=False,
                                   include_tables=tables, with_metadata=False,
                                   output_format="txt")
    text = trafilatura.extract(html, **options) or ""
    if text and "\n" not in text.strip():
        # Under 250 characters found, trafilatura rescues the page with its baseline: the
        # whole <article>'s text as ONE line, headline, byline, share and related links
        # included. A teaser or a brief is that short: what the extractor found (its few
        # lines) is the story; the dump stays only when the extractor found nothing.
        found = trafilatura.extract(html, config=_no_rescue(), **options)
        if found and len(found) < len(text):
            return found
    return text


@cache
def _no_rescue():
    """trafilatura's settings with the short-extraction rescue off (read once)."""
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def readability_text(tree: HtmlElement) -> str:
    """readability's article (trafilatura's fork of readability-lxml), one block a line."""
    summary = try_readability(deepcopy(tree))
    lines = []
    for el in summary.iter(_READ_BLOCKS):
        if any(isinstance(c.tag, str) and c.tag in _READ_BLOCKS for c in el):
            continue  # the inner blocks print themselves
        text = " ".join("".join(el.itertext()).split())
        if text:
            lines.append(text)
    return "\n".join(lines)

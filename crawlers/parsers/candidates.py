"""Candidate bodies: trafilatura (fast and with its own readability/justext fallbacks) and readability.

Each is plain text, one paragraph a line. They fail differently: trafilatura's fast path keeps
one container and can stop at the lede; readability scores paragraphs by text and link density
and finds bodies trafilatura misses, but keeps captions; trafilatura with fallbacks compares
itself with both. body.py picks between them by signals.
"""
from __future__ import annotations

from copy import deepcopy

import trafilatura
from lxml.html import HtmlElement
from trafilatura.external import try_readability

__all__ = ["trafilatura_text", "readability_text"]

_READ_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "dd")


def trafilatura_text(html: str, url: str | None, fast: bool, tables: bool = True) -> str:
    # trafilatura gets the string, not our tree: it deep-copies a tree it is given, which
    # costs more than its own parse. Comments are never article text.
    text = trafilatura.extract(
        html, url=url, fast=fast, include_comments=False, include_tables=tables,
        with_metadata=False, output_format="txt",
    )
    return text or ""


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

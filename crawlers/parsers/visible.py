"""Bylines and datelines printed for readers, for pages without machine-readable ones.

Looked for first in the headline block (the <h1> and a few levels around it), where templates
put them, then in byline/date-styled elements anywhere; related-story teasers further down
carry other stories' dates and authors, so the headline block wins.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from .dates import to_iso8601
from .datelines import parse_dateline

__all__ = ["visible_bylines", "visible_date", "headline_block", "byline_names"]

_BY = re.compile(r"^\s*(?:(?:submitted|posted|written|words|reported) by|by|von|par|por|door|di|av|af)\s*:?\s+\S", re.I)
_DATE_CLASS = re.compile(r"date|time|publish|posted|dateline|stamp|byline|meta", re.I)
_DATE_WORD = re.compile(r"^\s*(?:published|posted|first published|updated|last updated|publié|veröffentlicht)\b",
                        re.I)
_AUTHOR_CLASS = re.compile(r"byline|author|writer|reporter|contributor", re.I)
# A photographer's credit sits in the picture's caption: not the story's author.
_CREDIT = re.compile(r"credit|caption|photo|image|picture|copyright|bild|foto", re.I)
# Prose is never a byline or dateline, whatever its class.
_SHORT = 120
_SCAN = 400  # elements looked at per scope: the headline block, not the whole page


def headline_block(tree: HtmlElement) -> HtmlElement | None:
    """The element around the first <h1> that holds the headline, byline and date."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return None
    scope = h1
    for _ in range(3):
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        scope = parent
    return scope


def visible_date(tree: HtmlElement, month_first: bool = False) -> str | None:
    """The publication time near the headline (a <time> or a printed dateline), else anywhere."""
    block = headline_block(tree)
    scopes = [block] if block is not None else []
    for scope in [*scopes, tree]:
        # A machine-readable <time> beside the printed date says the same, with the zone.
        stamped = next(filter(None, map(to_iso8601, scope.xpath(".//time/@datetime")[:3])), None)
        if stamped:
            return stamped
        for el in _elements(scope):
            text = _short_text(el)
            # Near the headline a line that is little more than a date is the dateline.
            datey = _DATE_WORD.search(text) or _DATE_CLASS.search(_attrs(el)) or (
                scope is block and len(text.split()) <= 10)
            if not text or not datey:
                continue
            found = parse_dateline(text, month_first)
            if found:
                return found
    return None


def visible_bylines(tree: HtmlElement) -> list[str]:
    """Byline texts: 'By ...' lines near the headline, then author-styled elements and links."""
    found: list[str] = []
    block = headline_block(tree)
    if block is not None:
        found += [t for t in map(_short_text, _elements(block)) if t and _BY.match(t)]
    for el in tree.xpath('//*[@rel="author"] | //*[@itemprop="author"] | //a[contains(@href, "/author/")]')[:4]:
        if not _in_credit(el):
            found.append(_short_text(el) or (el.get("content") or ""))
    for el in _elements(tree):
        if _AUTHOR_CLASS.search(_attrs(el)) and el.tag not in ("body", "html", "article", "section") and not _in_credit(el):
            texts = _names_in(el)
            if texts:
                found.extend(texts)
                break
    return [t for t in found if t]


def byline_names(tree: HtmlElement, known: str) -> list[str]:
    """Every name printed in the byline block that names `known` (one person already found)."""
    for el in _elements(tree):
        if el.tag in ("body", "html", "article", "section") or not _AUTHOR_CLASS.search(_attrs(el)):
            continue
        if known.casefold() in " ".join(el.text_content().split()).casefold() and not _in_credit(el):
            names = _names_in(el)
            if len(names) >= 2:
                return names
    return []


def _names_in(el: HtmlElement) -> list[str]:
    # A byline block listing several people prints each in its own element, often without
    # separators: "<span>Jane Roe</span><span>John Doe</span>" reads "Jane Roe John Doe".
    parts = [_short_text(c) for c in el.iter() if c is not el and isinstance(c.tag, str) and len(c) == 0]
    parts = [t for t in parts if t]
    if len(parts) >= 2 and all(len(t.split()) <= 4 for t in parts):
        return parts
    text = _short_text(el)
    return [text] if text else []


def _in_credit(el: HtmlElement) -> bool:
    for depth, anc in enumerate([el, *el.iterancestors()]):
        if depth > 4:
            return False
        if anc.tag in ("figure", "figcaption") or _CREDIT.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def _elements(scope: HtmlElement):
    for i, el in enumerate(scope.iter()):
        if i > _SCAN:
            return
        if isinstance(el.tag, str) and el.tag not in ("script", "style", "noscript", "a"):
            yield el


def _attrs(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}"


def _short_text(el: HtmlElement) -> str:
    # An element with many children is a container, not a byline.
    if len(el) > 6:
        return ""
    text = " ".join(el.text_content().split())
    return text if 0 < len(text) <= _SHORT else ""

"""The headline and standfirst as the reader sees them, found from where the body starts.

A page claims several titles (JSON-LD headline, og:title, twitter:title, <h1>, <title>) and they
differ: SEO variants, kickers, site suffixes. The one displayed is the heading printed closest
above the body; the standfirst (dek, lead, teaser) sits between that heading and the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from .blocks import BlockIndex
from .metadata import norm_text

__all__ = ["DisplayedHead", "displayed_head"]

_HEADING_TAGS = frozenset(("h1", "h2", "h3"))
_HEADING_NAMES = re.compile(r"headline|title|heading", re.I)
_DEK_NAMES = re.compile(r"stand-?first|\bdek\b|deck|sub-?(?:head|title|line)|lead|intro|teaser|summary|excerpt"
                        r"|abstract|preamble|vorspann|chapo|chapeau|kicker-?text|description|\bdesc\b", re.I)
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "nav", "button", "figure", "figcaption"))
_LOOKBACK = 8  # headings looked at, closest to the body first
_DEK_MIN, _DEK_MAX = 40, 700  # a standfirst is a sentence or a short paragraph
_REWORDED = "\0reworded"  # sentinel: the heading rewords a claim


@dataclass(frozen=True)
class DisplayedHead:
    title: str | None  # the claimed title that the displayed heading prints
    standfirst: str | None  # the dek between that heading and the body
    heading_lines: int = 0  # leading body lines that are the displayed heading itself


def displayed_head(tree: HtmlElement, blocks: BlockIndex, lines: list[str], claimed: list[str],
                   descriptions: list[str]) -> DisplayedHead:
    """Title and standfirst from the elements above the body's first line."""
    skip, title = 0, None
    # The extractor may have kept the heading (with its kicker) as the first line.
    while skip < min(2, len(lines) - 1):
        block = blocks.find(lines[skip])
        match = _matching_claim(norm_text(lines[skip]), claimed) if block is not None and _is_heading(block.element) else None
        if not match:
            break
        title = title or (match if match is not _REWORDED else " ".join(lines[skip].split()))
        skip += 1
    start = next(filter(None, map(blocks.find, lines[skip:skip + 3])), None)
    if start is None:
        return DisplayedHead(title, None, skip)
    above = _elements_above(tree, start.order)
    shown, at = _title(above, claimed)
    standfirst = _standfirst(above[at + 1:] if at is not None else above[-12:], descriptions)
    return DisplayedHead(title or shown, standfirst, skip)


def _elements_above(tree: HtmlElement, stop: int) -> list[HtmlElement]:
    out = []
    for order, el in enumerate(tree.iter()):
        if order >= stop:
            break
        if isinstance(el.tag, str) and el.tag not in _SKIP:
            out.append(el)
    return out


def _title(above: list[HtmlElement], claimed: list[str]) -> tuple[str | None, int | None]:
    looked = 0
    for i in range(len(above) - 1, -1, -1):
        el = above[i]
        if not _is_heading(el) or _inside_heading(el):
            continue
        shown = norm_text(el.text_content())
        if not 8 <= len(shown) <= 400:
            continue
        match = _matching_claim(shown, claimed)
        if match:
            # A close rewording of a claim is the displayed headline itself.
            return (match if match is not _REWORDED else " ".join(el.text_content().split())), i
        looked += 1
        if looked >= _LOOKBACK:
            break
    return None, None


def _is_heading(el: HtmlElement) -> bool:
    if el.tag in _HEADING_TAGS:
        return True
    names = f'{el.get("class") or ""} {el.get("id") or ""} {el.get("itemprop") or ""} {el.get("data-cy") or ""}'
    return bool(_HEADING_NAMES.search(names)) and len(el) <= 4


def _inside_heading(el: HtmlElement) -> bool:
    # The headline's own parts (kicker span, title span) are read as the whole heading.
    return any(_is_heading(anc) for anc in list(el.iterancestors())[:3])


def _matching_claim(shown: str, claimed: list[str]) -> str | None:
    # A claim that is the heading plus the kicker printed apart ("Kicker: Heading") first, then
    # the exact heading, then a heading that prints kicker and claim together, then a rewording.
    norms = [(c, norm_text(c)) for c in claimed if c and norm_text(c)]
    for c, n in norms:
        kicker, _, rest = c.partition(": ")
        if len(shown) >= 15 and rest and norm_text(rest) == shown and len(kicker.split()) <= 6:
            return c
    for c, n in norms:
        if n == shown:
            return c
    for c, n in norms:
        if len(n) >= 15 and shown.endswith(n):
            return c
    words = shown.split()
    if len(words) >= 4 and any(_overlap(words, n.split()) >= 0.6 for _, n in norms):
        return _REWORDED
    return None


def _overlap(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / max(len(sa), len(sb))


def _standfirst(between: list[HtmlElement], descriptions: list[str]) -> str | None:
    known = {norm_text(d) for d in descriptions if d} - {""}
    for el in between:
        if len(el) > 12 or el.tag == "h1" or next(el.iter("h1", "h2", "h3"), el) is not el:
            continue
        text = " ".join(el.text_content().split())
        if not _DEK_MIN <= len(text) <= _DEK_MAX or _inside_link(el):
            continue
        key = norm_text(text)
        if key in known or (any(k.startswith(key[:80]) for k in known if len(key) >= 60)) or _dek_named(el):
            return text
    return None


def _dek_named(el: HtmlElement) -> bool:
    names = f'{el.get("class") or ""} {el.get("id") or ""} {el.get("itemprop") or ""}'
    return bool(_DEK_NAMES.search(names)) and not re.search(r"byline|author|caption|credit|date|time", names, re.I)


def _inside_link(el: HtmlElement) -> bool:
    return any(a.tag == "a" for a in el.iterancestors()) or el.tag == "a"

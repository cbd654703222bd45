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
from .widgets import is_box

__all__ = ["DisplayedHead", "displayed_head"]

_HEADING_TAGS = frozenset(("h1", "h2", "h3"))
_HEADING_NAMES = re.compile(r"headline|title|heading", re.I)
# Class names are split at "-", "_" and case humps alike: "article__desc", "c-dek", "deskDek".
_DEK_NAMES = re.compile(r"stand-?first|(?<![a-z])dek(?![a-z])|deck|sub-?(?:head|title|line)|lead|intro|teaser|summary"
                        r"|excerpt|abstract|preamble|vorspann|chapo|chapeau|kicker-?text|description"
                        r"|(?<![a-z])desc(?![a-z])", re.I)
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "nav", "button", "figure", "figcaption"))
_EMPHASIS = frozenset(("b", "strong", "font", "big"))
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
    if not skip:
        skip, title = _styled_title(lines, blocks, claimed)
    start = next(filter(None, map(blocks.find, lines[skip:skip + 3])), None)
    if start is None:
        return DisplayedHead(title, None, skip)
    above = [el for el in blocks.elements[:start.order] if el.tag not in _SKIP]
    shown, at = _title(above, claimed)
    standfirst = _standfirst(above[at + 1:] if at is not None else above[-12:], descriptions)
    return DisplayedHead(title or shown, standfirst, skip)


def _styled_title(lines: list[str], blocks: BlockIndex, claimed: list[str]) -> tuple[int, str | None]:
    """(leading lines to drop, title) for a headline set in bold or a big font rather than a
    heading tag (old table layouts), printed as the body's first line or under one or two
    short masthead lines: it must be a claimed title exactly, and an emphasis that opens its block."""
    for at in range(min(3, len(lines) - 1)):
        if at and len(lines[at - 1].split()) > 10:  # masthead or kicker lines, no paragraph
            break
        block = blocks.find(lines[at])
        if block is None or not _opens_emphasised(block.element, lines[at]):
            continue
        match = _matching_claim(norm_text(lines[at]), claimed)
        if match and match is not _REWORDED:
            return at + 1, match
    return 0, None


def _opens_emphasised(el: HtmlElement, line: str) -> bool:
    # <td><font size=4><b>Headline</b></font><br>Published ...: the line is the whole text of
    # an emphasis that opens its block; a paragraph that merely opens in bold is more than it.
    while len(el) and not (el.text or "").strip():
        el = el[0]
        if el.tag in _EMPHASIS and norm_text(el.text_content()) == norm_text(line):
            return True
    return False


def _title(above: list[HtmlElement], claimed: list[str]) -> tuple[str | None, int | None]:
    looked = 0
    for i in range(len(above) - 1, -1, -1):
        el = above[i]
        shown = _heading_text(el)
        if shown is None:
            continue
        match = _matching_claim(shown, claimed)
        if match:
            # A close rewording of a claim is the displayed headline itself.
            title = match if match is not _REWORDED else " ".join(el.text_content().split())
            return title, _first_echo(above, i, shown)
        looked += 1
        if looked >= _LOOKBACK:
            break
    return None, None


def _heading_text(el: HtmlElement) -> str | None:
    if not _is_heading(el) or _inside_heading(el):
        return None
    shown = norm_text(el.text_content())
    return shown if 8 <= len(shown) <= 400 else None


def _first_echo(above: list[HtmlElement], at: int, shown: str) -> int:
    # Players and share bars repeat the headline under the real one (an audio player's title):
    # the standfirst follows the first heading that prints it.
    looked, first = 0, at
    for i in range(at - 1, -1, -1):
        text = _heading_text(above[i])
        if text is None:
            continue
        if text == shown:
            first = i
        looked += 1
        if looked >= _LOOKBACK:
            break
    return first


def _is_heading(el: HtmlElement) -> bool:
    if el.tag in _HEADING_TAGS:
        return True
    names = f'{el.get("class") or ""} {el.get("id") or ""} {el.get("itemprop") or ""} {el.get("data-cy") or ""}'
    return bool(_HEADING_NAMES.search(names)) and len(el) <= 4


def _inside_heading(el: HtmlElement) -> bool:
    # The headline's own parts (kicker span, title span) are read as the whole <h1>; a block
    # merely named "heading" may hold the <h1> and the standfirst together, so its <h1> counts.
    return any(anc.tag in _HEADING_TAGS for anc in list(el.iterancestors())[:3])


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
        if not _DEK_MIN <= len(text) <= _DEK_MAX or _inside_link(el) or _in_box(el):
            continue
        key = norm_text(text)
        if key in known or (any(k.startswith(key[:80]) for k in known if len(key) >= 60)) or _dek_named(el):
            return text
    return None


def _dek_named(el: HtmlElement) -> bool:
    names = f'{el.get("class") or ""} {el.get("id") or ""} {el.get("itemprop") or ""}'
    return bool(_DEK_NAMES.search(names)) and not re.search(r"byline|author|caption|credit|date|time|media|photo|image|figure", names, re.I)


def _in_box(el: HtmlElement) -> bool:
    # A share dialog's "description" or a related box's teaser is not the story's standfirst.
    return is_box(el) or any(is_box(anc) for anc in list(el.iterancestors())[:4])


def _inside_link(el: HtmlElement) -> bool:
    return any(a.tag == "a" for a in el.iterancestors()) or el.tag == "a"

"""Article body text: candidate bodies, chosen and repaired by signals measured on the page.

Every page gets trafilatura's fast extraction and readability's (cheap: it reuses our tree).
Failure classes, each detected by a signal, never by a fixed path:

* truncated (the lede alone): another candidate holds the base's prose and much more of it, all
  inside the same story -> trafilatura with its own readability/justext fallbacks, or readability;
* a layout table (a page built with <table>, the story in one <td>): cells read as blocks and
  <br><br> as paragraph breaks, or a rerun without table handling;
* a navigation dump (most of the text in one-to-three-word lines): trafilatura's fallbacks;
* a body split into sibling containers around ad rows: joined, but never across into another
  story (a second <article> or headline);
* teaser links inside the body ("Read also: ...", all-caps related headlines): short lines
  whose block is mostly link text.
"""
from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement, tostring

from .blocks import BlockIndex, line_key
from .candidates import readability_text, trafilatura_text
from .layout import is_layout_table_page, layout_as_blocks
from .metadata import norm_text

__all__ = ["extract_body", "menu_share"]

# A line this long is prose, not a menu entry, caption or label.
_PROSE = 60
# Menu-like output: this share of characters in lines of at most three words...
_MENU_SHARE = 0.5
# ...over at least this many lines (short pages of short lines exist: lists, captions).
_MENU_LINES = 40
# A table row whose one cell is this long is a page laid out with <table>, not data.
_LAYOUT_CELL = re.compile(r"^\|[^|\n]{600,}", re.M)
# A repeated container must add at least this much prose before it is worth joining.
_MIN_EXTRA_PROSE = 400
# Joined text must keep this share of the first extraction's prose lines.
_KEEP = 0.8
# Truncated: another candidate has this many times the prose (plus a margin)...
_GROWTH, _GROWTH_MARGIN = 2.0, 300
# ...and holds this share of the base's prose lines.
_HOLDS = 0.6
# Below this much prose the base may be a lone lede printed apart from the body.
_SMALL_BASE = 500
# A teaser: a line of at most this many words whose block is at least this share link text.
_TEASER_WORDS, _TEASER_LINKS = 25, 0.7


def extract_body(html: str, tree: HtmlElement, url: str | None, blocks: BlockIndex | None = None) -> str:
    """Body text, one paragraph a line."""
    blocks = blocks or BlockIndex(tree)
    text = _base(html, tree, url)
    text = _untruncated(html, tree, url, text, blocks)
    text = _join_split_body(tree, text, url) or text
    return _drop_teasers(text, blocks)


def menu_share(text: str) -> float:
    """Share of characters in lines of at most three words: high for navigation dumps."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    total = sum(len(ln) for ln in lines)
    return sum(len(ln) for ln in lines if len(ln.split()) <= 3) / total if total else 0.0


def _base(html: str, tree: HtmlElement, url: str | None) -> str:
    if is_layout_table_page(tree):
        # The story shares one <td> with the masthead and chrome: read cells as blocks first.
        blocky = trafilatura_text(layout_as_blocks(tree), url, fast=True)
        if blocky.strip():
            return blocky
    text = trafilatura_text(html, url, fast=True)
    if _LAYOUT_CELL.search(text):
        # A "table" whose cell holds the whole story is page layout, not data.
        untabled = trafilatura_text(html, url, fast=True, tables=False)
        text = untabled if len(untabled) >= len(text) // 3 else text
    if menu_share(text) > _MENU_SHARE and text.count("\n") >= _MENU_LINES:
        slower = trafilatura_text(html, url, fast=False)
        if slower and menu_share(slower) < menu_share(text):
            return slower
    return text


def _untruncated(html: str, tree: HtmlElement, url: str | None, text: str, blocks: BlockIndex) -> str:
    """The base, or a candidate that holds it and much more of the same story."""
    read = readability_text(tree)
    if not _grows(text, read, blocks):
        return text
    # readability saw more: trafilatura with its fallbacks usually agrees, with its clean-up.
    full = trafilatura_text(html, url, fast=False)
    if _grows(text, full, blocks):
        return full
    return read


def _grows(base: str, alt: str, blocks: BlockIndex) -> bool:
    base_prose, alt_prose = _prose(base), _prose(alt)
    if _chars(alt_prose) < _GROWTH * _chars(base_prose) + _GROWTH_MARGIN:
        return False
    alt_keys = {line_key(ln) for ln in alt.splitlines()}
    held = sum(line_key(ln) in alt_keys for ln in base_prose)
    # A base of a lede or two says little by its containment (the lede may sit apart).
    if _chars(base_prose) >= _SMALL_BASE and held < _HOLDS * len(base_prose):
        return False
    # More than one story's <article> (the next story of an endless page) is not growth.
    return len(_scopes(alt_prose, blocks)) <= max(1, len(_scopes(base_prose, blocks))) and (
        menu_share(alt) <= _MENU_SHARE)


def _prose(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if len(ln) >= _PROSE]


def _chars(lines: list[str]) -> int:
    return sum(len(ln) for ln in lines)


def _scopes(lines: list[str], blocks: BlockIndex) -> set[int]:
    found = set()
    for ln in lines:
        block = blocks.find(ln)
        scope = _article_scope(block.element) if block is not None else None
        if scope is not None:
            found.add(id(scope))
    return found


def _article_scope(el: HtmlElement) -> HtmlElement | None:
    """The nearest <article> (or schema.org Article) around an element: one story."""
    for anc in el.iterancestors():
        if anc.tag == "article" or "Article" in (anc.get("itemtype") or ""):
            return anc
    return None


def _drop_teasers(text: str, blocks: BlockIndex) -> str:
    kept = []
    for ln in text.splitlines():
        block = blocks.find(ln.lstrip("-•* ").strip())
        if block is not None and len(ln.split()) <= _TEASER_WORDS and block.link_ratio >= _TEASER_LINKS:
            continue
        kept.append(ln)
    return "\n".join(kept)


def _join_split_body(tree: HtmlElement, text: str, url: str | None) -> str | None:
    """When the extracted paragraphs sit in one of several same-class containers, join them all."""
    prose = {norm_text(ln) for ln in text.splitlines() if len(ln) >= _PROSE}
    home = _home_container(tree, prose)
    if home is None:
        return None
    family = _family(home)
    extra = sum(_new_prose(el, prose) for el in family if el is not home)
    if len(family) < 2 or extra < _MIN_EXTRA_PROSE:
        return None
    # One container holding every member's children: trafilatura keeps only the first of
    # several matching containers, which is the failure being repaired.
    inner = "".join((el.text or "") + "".join(tostring(c, encoding="unicode") for c in el) for el in family)
    joined = trafilatura_text(f"<html><body><article><div>{inner}</div></article></body></html>", url, fast=True)
    kept = prose & {norm_text(ln) for ln in joined.splitlines()}
    # Accept only a superset: losing what the first pass found would trade one error for another.
    return joined if len(kept) >= _KEEP * len(prose) and len(joined) > len(text) else None


def _family(home: HtmlElement) -> list[HtmlElement]:
    # Same tag and class under the same grandparent (the chunks of one article column, not
    # same-class widgets elsewhere on the page) and inside the same story: the next article
    # of an endless page repeats the class in its own <article>. Members without prose skipped.
    anchor = next(iter(list(home.iterancestors())[1:2]), None)
    if anchor is None:
        return [home]
    story = _article_scope(home)
    members = _outermost([el for el in anchor.iter(home.tag) if el.get("class") == home.get("class")
                          and _article_scope(el) is story])
    return [el for el in members if el is home or _new_prose(el, set()) >= _PROSE]


def _home_container(tree: HtmlElement, prose: set[str]) -> HtmlElement | None:
    # The nearest classed ancestor of the extracted paragraphs, by vote.
    votes: Counter = Counter()
    holders: dict[int, HtmlElement] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is None or norm_text(p.text_content()) not in prose:
            continue
        for _ in range(3):
            if parent.get("class") or parent.getparent() is None:
                break
            parent = parent.getparent()
        if parent.get("class"):
            votes[id(parent)] += 1
            holders[id(parent)] = parent
    if not votes:
        return None
    key, count = votes.most_common(1)[0]
    return holders[key] if count >= 2 else None


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    # Nested containers with the same class would be extracted twice.
    ids = {id(el) for el in elements}
    return [el for el in elements if not any(id(a) in ids for a in el.iterancestors())]


def _new_prose(container: HtmlElement, prose: set[str]) -> int:
    lines = (" ".join(p.text_content().split()) for p in container.iter("p"))
    return sum(len(ln) for ln in lines if len(ln) >= _PROSE and norm_text(ln) not in prose)

"""Article body text: trafilatura's fast path, checked against three failure signals.

trafilatura picks one container. Three ways that goes wrong on news pages, each detected by a
measurable signal on its own output, and only then repaired (so the common page pays nothing):

* a layout table (a page built with <table>): rerun without table handling;
* a navigation dump (most of the text in one-to-three-word lines): rerun trafilatura with its
  own readability/justext fallbacks and keep the less menu-like result;
* a body split into sibling containers around ad rows (same tag and class repeated): only the
  first is kept, so the containers are joined and extracted together.
"""
from __future__ import annotations

import re
from collections import Counter

import trafilatura
from lxml.html import HtmlElement, tostring

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


def extract_body(html: str, tree: HtmlElement, url: str | None) -> str:
    """Body text, one paragraph a line: trafilatura, repaired when a failure signal shows."""
    text = _trafilatura(html, url, fast=True)
    if _LAYOUT_CELL.search(text):
        # A "table" whose cell holds the whole story is page layout, not data.
        untabled = _trafilatura(html, url, fast=True, tables=False)
        text = untabled if len(untabled) >= len(text) // 3 else text
    if menu_share(text) > _MENU_SHARE and text.count("\n") >= _MENU_LINES:
        # fast=False lets trafilatura compare itself with readability and justext.
        slower = _trafilatura(html, url, fast=False)
        if slower and menu_share(slower) < menu_share(text):
            return slower
    return _join_split_body(tree, text, url) or text


def menu_share(text: str) -> float:
    """Share of characters in lines of at most three words: high for navigation dumps."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    total = sum(len(ln) for ln in lines)
    return sum(len(ln) for ln in lines if len(ln.split()) <= 3) / total if total else 0.0


def _trafilatura(html: str, url: str | None, fast: bool, tables: bool = True) -> str:
    # trafilatura gets the string, not our tree: it deep-copies a tree it is given, which
    # costs more than its own parse. fast=True skips the readability/justext fallbacks:
    # ~1.45x faster and a better F1 on the benchmark (docs/measurements.md); comments are
    # never article text.
    text = trafilatura.extract(
        html, url=url, fast=fast, include_comments=False, include_tables=tables,
        with_metadata=False, output_format="txt",
    )
    return text or ""


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
    joined = _trafilatura(f"<html><body><article><div>{inner}</div></article></body></html>", url, fast=True)
    kept = prose & {norm_text(ln) for ln in joined.splitlines()}
    # Accept only a superset: losing what the first pass found would trade one error for another.
    return joined if len(kept) >= _KEEP * len(prose) and len(joined) > len(text) else None


def _family(home: HtmlElement) -> list[HtmlElement]:
    # Same tag and class under the same grandparent (the chunks of one article column, not
    # same-class widgets elsewhere on the page); members without prose are skipped.
    anchor = next(iter(list(home.iterancestors())[1:2]), None)
    if anchor is None:
        return [home]
    members = _outermost([el for el in anchor.iter(home.tag) if el.get("class") == home.get("class")])
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

"""Section sub-headlines the extractor dropped, put back where the page prints them.

Extractors drop some headings inside the story: a class their rules distrust ("paywall"), a
heading wrapping a <strong>, an <h5> a live page prints above each update. A sub-headline is part
of the story when it sits in the story's own column, between the body's first and last lines,
and opens text the body kept: the block printed right after it is a body line. Headings of
boxes, lists of links and teasers open nothing the body kept, so they stay out.
"""
from __future__ import annotations

import bisect

from lxml.html import HtmlElement

from .blocks import BlockIndex, line_key
from .widgets import is_box

__all__ = ["restore_headings"]

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_MAX_CHARS = 200  # a sub-headline, not a paragraph set in a heading tag
_MAX_LINKS = 0.5  # a linked heading is a teaser for another page
_NEXT_BLOCKS = 3  # blocks looked at after a heading for the text it opens


def restore_headings(text: str, tree: HtmlElement, blocks: BlockIndex) -> str:
    """The text with the story's dropped sub-headlines inserted before the lines they open."""
    lines = text.splitlines()
    placed = [(b.order, i) for i, b in enumerate(blocks.find(ln.lstrip("-•* ").strip()) for ln in lines)
              if b is not None]
    if len(placed) < 2:
        return text
    placed.sort()
    orders = [o for o, _ in placed]
    kept = {line_key(ln) for ln in lines}
    inserts: dict[int, list[str]] = {}
    for heading in tree.iter(*_HEADINGS):
        order = blocks.order_of(heading)
        if not orders[0] < order < orders[-1]:
            continue
        title = " ".join(heading.text_content().split())
        if not 0 < len(title) <= _MAX_CHARS or line_key(title) in kept or not _plain(heading):
            continue
        opened = _opened_line(order, orders, placed, blocks)
        if opened is not None and _beside(heading, blocks.find(lines[opened].lstrip("-•* ").strip())):
            inserts.setdefault(opened, []).append(title)
            kept.add(line_key(title))
    if not inserts:
        return text
    out: list[str] = []
    for i, ln in enumerate(lines):
        out.extend(inserts.get(i, ()))
        out.append(ln)
    return "\n".join(out)


def _beside(heading: HtmlElement, block) -> bool:
    # In the story's flow: the heading and the text it opens share a parent (or the heading's
    # parent holds the paragraph's wrapper), unlike a card's title above the next paragraph.
    if block is None:
        return False
    parent = heading.getparent()
    return any(anc is parent for anc in list(block.element.iterancestors())[:2])


def _plain(heading: HtmlElement) -> bool:
    # Not a teaser link and not the heading of a box set into the column.
    total = len(heading.text_content().strip())
    linked = sum(len(a.text_content().strip()) for a in heading.iter("a"))
    if total == 0 or linked > _MAX_LINKS * total:
        return False
    return not any(is_box(el) for el in [heading, *list(heading.iterancestors())[:4]])


def _opened_line(order: int, orders: list[int], placed: list[tuple[int, int]], blocks: BlockIndex) -> int | None:
    # The body line printed right after the heading: no other text block between them.
    at = bisect.bisect_right(orders, order)
    if at >= len(orders):
        return None
    between = 0
    for el in blocks.elements[order + 1:orders[at]]:
        if el.tag in ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote") and el.text_content().strip():
            between += 1
            if between >= _NEXT_BLOCKS:
                return None
    return placed[at][1]

"""Where an extracted line sits in the page: the DOM block that printed it, and that block's signals.

Extractors return plain lines; the choices that follow (is this line a teaser link, does this
candidate start at the headline, which container holds the story) need the DOM back. Each
leaf-ish block (p, li, h2, td, a div with its own text...) is indexed by its normalised text, so a
line is looked up in O(1).
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

__all__ = ["Block", "BlockIndex", "line_key"]

_BLOCK_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote pre td th dd dt figcaption caption div section "
                        "article aside header footer span font center b strong em i".split())
_CONTAINER_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote pre td th dd dt figcaption div section article "
                            "aside header footer ul ol table tr center form nav main".split())
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))  # indexed whole, whatever they hold
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "button", "select", "option"))
_NON_WORD = re.compile(r"[\W_]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_KEY = 60  # characters of the normalised text used as the key: enough to be unique on a page


def line_key(text: str) -> str:
    """The lookup key of a line or block: casefolded letters and digits, first 60 characters."""
    return _NON_WORD.sub(" ", _INVISIBLE.sub("", text.casefold())).strip()[:_KEY]


class Block:
    """One block of the page; its link share is measured only when asked (most never are)."""
    __slots__ = ("element", "order", "_links")

    def __init__(self, element: HtmlElement, order: int):
        self.element, self.order = element, order
        self._links: float | None = None

    @property
    def link_ratio(self) -> float:
        """Share of the block's characters inside <a>."""
        if self._links is None:
            self._links = _link_ratio(self.element)
        return self._links


class BlockIndex:
    """Text -> block for one page tree."""

    def __init__(self, tree: HtmlElement):
        self._blocks: dict[str, Block] = {}
        self._order: dict[int, int] = {}
        for order, el in enumerate(tree.iter()):
            if not isinstance(el.tag, str):
                continue
            self._order[id(el)] = order
            if el.tag in _HEADINGS or (el.tag in _BLOCK_TAGS and not _has_block_child(el)):
                self._add(el, order)

    def _add(self, el: HtmlElement, order: int) -> None:
        key = line_key(_head_text(el))
        if len(key) < 3 or key in self._blocks:
            return
        # Inline wrappers (<strong> inside <p>) index as their block parent.
        host = el
        while host.tag not in _CONTAINER_TAGS and host.getparent() is not None:
            host = host.getparent()
        self._blocks[key] = Block(host, order)

    def find(self, line: str) -> Block | None:
        return self._blocks.get(line_key(line))

    def order_of(self, el: HtmlElement) -> int:
        return self._order.get(id(el), -1)


def _head_text(el: HtmlElement) -> str:
    # Enough leading text for a key, without joining a whole heading's subtree.
    parts, size = [], 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > 4 * _KEY:
            break
    return "".join(parts)


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _CONTAINER_TAGS for c in el)


def _link_ratio(el: HtmlElement) -> float:
    total = len(" ".join(el.text_content().split()))
    if not total:
        return 0.0
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return min(1.0, linked / total)

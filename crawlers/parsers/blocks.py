"""Where an extracted line sits in the page: the DOM block that printed it, and that block's signals.

Extractors return plain lines; the choices that follow (is this line a teaser link, does this
candidate start at the headline, which container holds the story) need the DOM back. Each
leaf-ish block (p, li, h2, td, a div with its own text...) is indexed by its normalised text, so a
line is looked up in O(1). The index also keeps every element in document order (their proxies
stay alive, so `id()` of an element is stable while the index lives) and how much prose the
page holds at most, which tells whether another extractor could possibly find more of it.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

__all__ = ["Block", "BlockIndex", "line_key", "PROSE_CHARS"]

_INLINE_TAGS = frozenset("span font b strong em i".split())
_BLOCK_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote pre td th dd dt figcaption caption div section "
                        "article aside header footer center".split()) | _INLINE_TAGS
_CONTAINER_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote pre td th dd dt figcaption div section article "
                            "aside header footer ul ol table tr center form nav main".split())
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))  # indexed whole, whatever they hold
_NON_WORD = re.compile(r"[\W_]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_KEY = 60  # characters of the normalised text used as the key: enough to be unique on a page
_RAW = 4 * _KEY  # raw characters normally enough to give a full key
# A block of at least this many characters is prose, not a label or menu entry.
PROSE_CHARS = 60


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
    """Text -> block for one page tree, the page's elements in order and its prose total."""

    def __init__(self, tree: HtmlElement):
        self._blocks: dict[str, Block] = {}
        self.elements: list[HtmlElement] = [el for el in tree.iter() if isinstance(el.tag, str)]
        # Characters in leaf blocks long enough to be prose: no extractor can return more prose.
        self.prose_chars = 0
        self._order = {id(el): i for i, el in enumerate(self.elements)}
        holders = {id(el.getparent()) for el in self.elements if el.tag in _CONTAINER_TAGS}
        for order, el in enumerate(self.elements):
            if el.tag in _HEADINGS:
                self._add(el, order, _head_text(el))
            elif el.tag in _BLOCK_TAGS and id(el) not in holders:
                text = el.text_content()
                if el.tag not in _INLINE_TAGS and len(text) >= PROSE_CHARS:
                    size = len(" ".join(text.split()))
                    self.prose_chars += size if size >= PROSE_CHARS else 0
                self._add(el, order, text)
                if next(el.iter("br"), None) is not None:
                    for piece in _after_breaks(el):
                        self._add(el, order, piece)  # a line break starts a line of its own

    def _add(self, el: HtmlElement, order: int, text: str) -> None:
        if len(text) < 3 or text.isspace():
            return  # spacers and icons: most leaf blocks of a page, and no key
        key = line_key(text[:_RAW])
        if len(key) < _KEY and len(text) > _RAW:
            key = line_key(text)  # a long run of spaces or punctuation before the words
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
        if size > _RAW:
            break
    return "".join(parts)


def _after_breaks(el: HtmlElement) -> list[str]:
    # The text before the first <br> and after each one (up to a key's worth): extractors print
    # each as a line of its own.
    head, node = [el.text or ""], next(iter(el), None)
    while node is not None and node.tag != "br":
        head.append(node.text_content() + (node.tail or "") if isinstance(node.tag, str) else (node.tail or ""))
        node = node.getnext()
    pieces = ["".join(head)]
    for br in el.iter("br"):
        parts, size, node = [br.tail or ""], len(br.tail or ""), br.getnext()
        while node is not None and size <= _RAW and node.tag != "br":
            chunk = node.text_content() + (node.tail or "") if isinstance(node.tag, str) else (node.tail or "")
            parts.append(chunk)
            size += len(chunk)
            node = node.getnext()
        pieces.append("".join(parts))
    return pieces


def _link_ratio(el: HtmlElement) -> float:
    total = len(" ".join(el.text_content().split()))
    if not total:
        return 0.0
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return min(1.0, linked / total)

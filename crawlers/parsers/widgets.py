"""Lines printed by boxes set into the story: fact and info boxes, related lists, comment forms, bios.

Extractors keep what sits inside the article's column, and publishers set boxes into that column:
"Fakta om ...", "What to know about ...", "Related articles", "Leave a comment", "About the
author", a share dialog. The box says what it is in its markup, in any language: an <aside>, an
ARIA role (complementary, dialog, tooltip) or a class/id naming a box ("fact-box", "Infobox",
"related_box", "author-bio", "respond"). Only the elements between a line's block and the story's
column are read (the column is the parent of most of the body's text), so a story whose whole
column sits in a "module"- or "widget"-named wrapper loses nothing.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit
from collections import Counter

from lxml.html import HtmlElement

from .blocks import Block, BlockIndex

__all__ = ["drop_box_lines", "drop_teaser_lines", "is_box", "prune_inline_cards"]

_BOX_ROLES = frozenset(("complementary", "dialog", "alertdialog", "tooltip"))
# Single name tokens that name a box, and pairs of adjacent tokens that do ("fact box").
_BOX_WORDS = frozenset("""factbox infobox faktabox faktaboks infokasten infobox sidebar related recirc recirculation
    comments respond disqus newsletter signup share sharing social toolbox toolbar bio popover popup tooltip
    hovercard rollover modal carousel slideshow gallery""".split())
_BOX_PAIRS = frozenset((("fact", "box"), ("info", "box"), ("facts", "box"), ("about", "author"), ("more", "stories"),
                        ("read", "more"), ("read", "also"), ("see", "also"), ("also", "read"), ("more", "articles")))
_MEDIA_WORDS = frozenset(("carousel", "slideshow", "gallery"))
# Class names that state the page's layout or the story's tags, not what the element is:
# "has-sidebar", "tag-social-media", "category-related-news", "no-comments".
_STATE_NAME = re.compile(r"(?:has|no|with|without|is|tag|category|cat|section|topic)[-_]", re.I)
_TOKENS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A teaser: a line of at most this many words whose block is at least this share link text...
_TEASER_WORDS, _TEASER_LINKS = 25, 0.7
# ...or a short label ending in a separator, then a link: "READ MORE | <a>", "Lesen Sie: <a>".
_LABEL_WORDS, _LABEL_LINKS = 6, 0.4
_LABEL_END = re.compile(r"[|:»›>—–\-]\s*$")
# A card inside a paragraph: this many links (one fewer with a picture), this much text, mostly linked.
_CARD_LINKS, _CARD_CHARS, _CARD_LINK_SHARE = 3, 60, 0.6
_INLINE = ("span", "font", "em", "i", "b", "strong", "small", "sup")
# Visually hidden text: the last token(s) of a class name, and how long such a hint may be.
_HIDDEN_WORDS = frozenset(("vh", "visuallyhidden", "offscreen", "sronly", "screenreader", "invisible"))
_HIDDEN_PAIRS = frozenset((("sr", "only"), ("visually", "hidden"), ("screen", "reader"), ("reader", "text"),
                           ("assistive", "text"), ("a11y", "hidden"), ("element", "invisible")))
_HINT_CHARS = 80
# Dropping more than this share of the text means the column was misjudged: keep everything.
_MAX_DROP = 0.35


def drop_box_lines(text: str, blocks: BlockIndex) -> str:
    """The text without lines whose block sits in a box inside (or beside) the story's column."""
    lines = text.splitlines()
    found = [blocks.find(ln.lstrip("-•* ").strip()) for ln in lines]
    column = _column(lines, found)
    if column is None:
        return text
    stops = {id(column), *(id(a) for a in column.iterancestors())}
    boxed = [b is not None and _in_box(b.element, stops) for b in found]
    # Captions of a gallery beside a short story (a teaser page) may outweigh it: they are
    # never story text, so they do not count against the share dropped.
    media = [box and _in_media(b.element, stops) for b, box in zip(found, boxed)]
    dropped = sum(len(ln) for ln, box, m in zip(lines, boxed, media) if box and not m)
    if not any(boxed) or dropped > _MAX_DROP * sum(len(ln) for ln, m in zip(lines, media) if not m):
        return text
    return "\n".join(ln for ln, box in zip(lines, boxed) if not box)


def is_box(el: HtmlElement) -> bool:
    """Does the element's tag, role or class/id say it is a box set into the text?"""
    if el.tag == "aside" or (el.get("role") or "").strip().lower() in _BOX_ROLES:
        return True
    for name in f'{el.get("class") or ""} {el.get("id") or ""}'.split():
        if _STATE_NAME.match(name):
            continue
        tokens = [t.lower() for t in _TOKENS.findall(name)]
        if any(t in _BOX_WORDS for t in tokens) or any(pair in _BOX_PAIRS for pair in zip(tokens, tokens[1:])):
            return True
    return False


def _column(lines: list[str], found: list) -> HtmlElement | None:
    # The parent holding most of the body's characters, never one inside a gallery.
    votes: Counter[int] = Counter()
    parents: dict[int, HtmlElement] = {}
    for ln, block in zip(lines, found):
        parent = block.element.getparent() if block is not None else None
        if parent is not None and not _in_media(parent, set()):
            votes[id(parent)] += len(ln)
            parents[id(parent)] = parent
    return parents[votes.most_common(1)[0][0]] if votes else None


def _in_box(el: HtmlElement, stops: set[int]) -> bool:
    # From the block up to the column (or, beside it, up to the column's nearest ancestor).
    node: HtmlElement | None = el
    while node is not None and id(node) not in stops:
        if is_box(node):
            return True
        node = node.getparent()
    return False


def _in_media(el: HtmlElement, stops: set[int]) -> bool:
    """Inside a gallery, slideshow or carousel (below `stops`)."""
    node: HtmlElement | None = el
    while node is not None and id(node) not in stops:
        names = f'{node.get("class") or ""} {node.get("id") or ""}'.split()
        if any(t.lower() in _MEDIA_WORDS for name in names if not _STATE_NAME.match(name)
               for t in _TOKENS.findall(name)):
            return True
        node = node.getparent()
    return False


def drop_teaser_lines(text: str, blocks: BlockIndex, url: str | None = None) -> str:
    """The text without short lines that link to other stories (of this site, for a labelled link)."""
    host = _site(url)
    kept = []
    for ln in text.splitlines():
        block = blocks.find(ln.lstrip("-•* ").strip())
        if block is None or len(ln.split()) > _TEASER_WORDS or not _is_teaser(block, host):
            kept.append(ln)
    return "\n".join(kept)


def _is_teaser(block: Block, host: str | None) -> bool:
    if block.link_ratio >= _TEASER_LINKS:
        return True
    if block.link_ratio < _LABEL_LINKS:
        return False
    label = _unlinked_text(block.element)
    if len(label.split()) > _LABEL_WORDS or not _LABEL_END.search(label):
        return False
    # "Account: @name" links out to a profile; a teaser links to another page of the site.
    link = next(block.element.iter("a"), None)
    target = _site(link.get("href")) if link is not None else None
    return link is not None and (target is None or target == host)


def _site(url: str | None) -> str | None:
    host = urlsplit(url or "").hostname
    return host.removeprefix("www.") if host else None


def _unlinked_text(el: HtmlElement) -> str:
    # The block's text up to its first link: the label a teaser prints before the link.
    return " ".join(_text_before_link(el)[0].split())


def _text_before_link(el: HtmlElement) -> tuple[str, bool]:
    parts = [el.text or ""]
    for child in el:
        if child.tag == "a":
            return "".join(parts), True
        text, hit = _text_before_link(child)
        parts.append(text)
        if hit:
            return "".join(parts), True
        parts.append(child.tail or "")
    return "".join(parts), False


def prune_inline_cards(tree: HtmlElement) -> int:
    """Remove what running text carries but a reader never reads in the sentence: cards nested in
    it (a hover card: picture and links inside a <span> of a paragraph) and visually hidden hints
    for screen readers ("(opens in a new window)"). Returns how many elements went."""
    gone = [el for el in tree.iter(*_INLINE) if (el.get("class") or el.get("style") or el.get("hidden") is not None)
            and _visually_hidden(el)]
    for para in tree.iter("p"):
        if sum(1 for _ in para.iter("a")) >= _CARD_LINKS - 1:
            inline = list(para.iterdescendants(*_INLINE))
            gone.extend(el for el in inline if _is_card(el) and not any(
                _is_card(c) for c in el.iterdescendants(*_INLINE)))
    for el in dict.fromkeys(gone):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail: the sentence goes on after it
    return len(gone)


def _visually_hidden(el: HtmlElement) -> bool:
    # A short hint a screen reader reads out and the page hides: "sr-only", "visually-hidden", "vh".
    style = (el.get("style") or "").replace(" ", "").lower()
    if el.get("hidden") is not None or "display:none" in style:
        return len(el.text_content()) <= _HINT_CHARS
    for name in (el.get("class") or "").split():
        tokens = tuple(t.lower() for t in _TOKENS.findall(name))
        if tokens and (tokens[-1] in _HIDDEN_WORDS or tokens[-2:] in _HIDDEN_PAIRS):
            return len(el.text_content()) <= _HINT_CHARS
    return False


def _is_card(el: HtmlElement) -> bool:
    links = list(el.iter("a"))
    pictured = next(el.iter("img"), None) is not None
    if len(links) < (_CARD_LINKS - 1 if pictured else _CARD_LINKS):
        return False
    text = " ".join(el.text_content().split())
    linked = sum(len(" ".join(a.text_content().split())) for a in links)
    return len(text) >= _CARD_CHARS and linked >= _CARD_LINK_SHARE * len(text)

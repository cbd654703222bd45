"""Old table layouts read as blocks: <td> cells as divisions, <br><br> runs as paragraphs.

Pages built before CSS put the whole story in one <td>, styled with <font> and broken into
paragraphs by blank lines (<br><br>). Extractors then see one table cell, i.e. one "paragraph"
holding masthead, story and chrome together. Rewritten as divisions and paragraphs, the story's
paragraphs and the template's lines ("Email this story", "Related stories:") become lines of
their own, which the clean-up rules and the site profile can judge one by one.
"""
from __future__ import annotations

from copy import deepcopy

from lxml.html import HtmlElement, tostring

__all__ = ["layout_as_blocks", "is_layout_table_page"]

_TABLE_TAGS = ("table", "tbody", "thead", "tfoot", "tr", "td", "th")
_BLOCKS = frozenset("div p table ul ol li h1 h2 h3 h4 h5 h6 blockquote pre form hr center".split())
_LONG_CELL = 300  # characters of text in one cell: a story, not a datum


def is_layout_table_page(tree: HtmlElement) -> bool:
    """A page whose main text lives in a table cell and that has no <article>/<p>-built body."""
    if next(tree.iter("article"), None) is not None:
        return False
    return any(len(" ".join(td.text_content().split())) >= _LONG_CELL and len(td.findall(".//p")) < 3
               for td in tree.iter("td"))


def layout_as_blocks(tree: HtmlElement) -> str:
    """The page as HTML with layout tables turned into divisions and <br><br> into paragraphs."""
    tree = deepcopy(tree)
    for el in tree.iter(*_TABLE_TAGS):
        el.tag = "div"
        el.attrib.pop("width", None)
    for el in tree.iter("font"):
        el.tag = "span"
    for el in list(tree.iter("div", "body")):
        if sum(1 for c in el if c.tag == "br") >= 2:
            _paragraphs(el)
    return tostring(tree, encoding="unicode")


def _paragraphs(el: HtmlElement) -> None:
    # Rebuild the children: inline content gathers into <p>; <br><br> or a block closes it.
    children, text = list(el), el.text
    for c in children:
        el.remove(c)
    el.text = None
    para = _new_p(el, text)
    previous_br = False
    for c in children:
        tail, c.tail = c.tail, None
        if c.tag == "br":
            if previous_br:
                para = _new_p(el, None)
            else:
                para.append(c)
            previous_br = True
        elif c.tag in _BLOCKS:
            el.append(c)
            para, previous_br = _new_p(el, None), False
        else:
            para.append(c)
            previous_br = False
        if tail and tail.strip():
            _add_text(para, tail)
            previous_br = False
    for p in list(el.iter("p")):
        if p.getparent() is el and not p.text_content().strip():
            el.remove(p)


def _new_p(parent: HtmlElement, text: str | None) -> HtmlElement:
    p = parent.makeelement("p", {})
    p.text = text
    parent.append(p)
    return p


def _add_text(el: HtmlElement, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text

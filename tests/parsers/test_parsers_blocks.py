"""The block index finds the DOM block of an extracted line, and bounds the page's prose."""
from __future__ import annotations

from crawlers.parsers import parse_html
from crawlers.parsers.blocks import BlockIndex

LONG = "A paragraph long enough to count as prose in the index, about the harbour and its budget."


def test_a_line_after_a_line_break_finds_its_block():
    tree = parse_html("<html><body><div class='box'>Profile<br><strong>Jane Roe</strong> joined the board in 1997 "
                      "and has led it since.<br>Second line of the same block</div></body></html>")
    blocks = BlockIndex(tree)
    for line in ("Profile", "Jane Roe joined the board in 1997 and has led it since.", "Second line of the same block"):
        found = blocks.find(line)
        assert found is not None and found.element.get("class") == "box", line


def test_ids_of_elements_are_stable_while_the_index_lives():
    tree = parse_html(f"<html><body><article><p>{LONG}</p><p>Two: {LONG}</p></article></body></html>")
    blocks = BlockIndex(tree)
    first, second = blocks.find(LONG), blocks.find(f"Two: {LONG}")
    assert first is not None and second is not None
    assert blocks.order_of(first.element) < blocks.order_of(second.element)
    assert blocks.order_of(next(tree.iter("article"))) < blocks.order_of(first.element)


def test_prose_total_counts_long_blocks_only():
    tree = parse_html(f"<html><body><p>{LONG}</p><p>Short label</p><div><span>{LONG}</span></div></body></html>")
    assert BlockIndex(tree).prose_chars == 2 * len(LONG)

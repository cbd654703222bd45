"""Dropped sub-headlines come back where the page prints them; box and teaser headings do not."""
from __future__ import annotations

from crawlers.parsers import parse_html
from crawlers.parsers.blocks import BlockIndex
from crawlers.parsers.sections import restore_headings

PROSE = [f"Paragraph {i} of the story carries enough words to be real prose about the harbour plan, "
         f"with a detail only it has: figure {i * 17}." for i in range(6)]


def _restore(column: str, lines: list[str]) -> list[str]:
    tree = parse_html(f"<html><body><article><div class='text'>{column}</div></article></body></html>")
    return restore_headings("\n".join(lines), tree, BlockIndex(tree)).splitlines()


def _paras(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def test_a_dropped_sub_headline_returns_before_the_text_it_opens():
    column = _paras(PROSE[:3]) + "<h2 class='paywall'><strong>What the council decided</strong></h2>" + _paras(PROSE[3:])
    assert _restore(column, PROSE) == [*PROSE[:3], "What the council decided", *PROSE[3:]]


def test_card_and_teaser_headings_stay_out():
    card = "<div class='card'><h3>Sign in or create an account</h3><div><img src='a.png'></div></div>"
    teaser = "<h3><a href='/other'>Another story entirely on this site</a></h3>"
    box = "<div class='related'><h3>More on the harbour</h3></div>"
    column = _paras(PROSE[:2]) + card + _paras(PROSE[2:4]) + teaser + _paras(PROSE[4:5]) + box + _paras(PROSE[5:])
    assert _restore(column, PROSE) == PROSE


def test_a_heading_above_the_first_line_is_not_a_sub_headline():
    column = "<h2>Council approves the harbour plan</h2>" + _paras(PROSE)
    assert _restore(column, PROSE) == PROSE

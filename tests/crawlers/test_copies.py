"""A story shown again with other comments, ads or links is a copy (an alias), not a story."""

from __future__ import annotations

from crawlers.config import CrawlSource
from crawlers.parsers import text_blocks
from crawlers.state import SourceState

STORY = "".join(f"<p>{'Paragraph %d of the story about the river park and the council vote. ' % i * 3}</p>"
                for i in range(6))


def _page(extra: str) -> str:
    return f"<html><body><nav><a href='/'>Home</a></nav>{STORY}{extra}</body></html>"


def _src() -> SourceState:
    return SourceState(CrawlSource("s", "http://s/"), cap=100, origins=set())


def test_a_story_with_other_comments_is_a_copy_of_the_first():
    src = _src()
    first = _page("<ol><li>" + "An early comment that is long enough to be a block of text. " * 2 + "</li></ol>")
    later = _page("<ol><li>" + "A later comment, different, and just as long as the first one was. " * 2 + "</li></ol>")
    assert src.copy_of("http://s/story", text_blocks(first)) is None
    assert src.copy_of("http://s/story?cpage=2", text_blocks(later)) == "http://s/story"
    assert src.copy_of("http://s/story", text_blocks(later)) is None  # its own canonical


def test_stories_that_share_boilerplate_are_not_copies():
    src = _src()
    blurb = "<p>" + "Sign up for our newsletter to get the day's stories in your inbox each morning. " * 2 + "</p>"
    one = f"<html><body><p>{'The first story has a body of its own, about trams. ' * 8}</p>{blurb}</body></html>"
    two = f"<html><body><p>{'The second story is about the harbour and its ferries. ' * 8}</p>{blurb}</body></html>"
    assert src.copy_of("http://s/one", text_blocks(one)) is None
    assert src.copy_of("http://s/two", text_blocks(two)) is None

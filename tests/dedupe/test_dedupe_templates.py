"""Template lines learned per source: recurring on many of its pages that otherwise differ."""

from __future__ import annotations

from dedupe import learn_templates, strip_templates
from dedupe.templates import MIN_SAMPLE, line_key

from dedupe_corpus import replace_word, story

_TOP = ["Valley Courier | Local news you can trust", "Listen to this article"]
_BOTTOM = ["Our journalism depends on your support. Subscribe today.",
           "Have a news tip? Email the newsroom at tips@valley.example"]


def _page(body: str, minutes: int = 3) -> str:
    return "\n".join(_TOP + [f"{minutes} min read", body] + _BOTTOM)


def test_lines_on_many_different_pages_are_learned_and_stripped():
    pages = [_page(story(s), s % 7 + 2) for s in range(30)]
    templates = learn_templates(pages)
    assert {line_key(x) for x in _TOP + _BOTTOM} <= templates
    assert line_key("4 min read") in templates  # digits compare as 0: one line for all
    stripped = strip_templates(pages[0], templates)
    assert stripped == story(0)
    assert not any(line_key(p) in templates for p in story(0).split("\n"))


def test_versions_of_one_story_do_not_make_its_lines_a_template():
    # a fifth of the sample is one story (write-thrus on one site): its lines recur on
    # many pages, but those pages are copies of each other, so they stay
    base = story(99)
    versions = [_page(replace_word(base, every=30 + v)) for v in range(8)]
    pages = versions + [_page(story(s)) for s in range(22)]
    templates = learn_templates(pages)
    assert line_key(_TOP[0]) in templates
    assert not any(line_key(p) in templates for p in base.split("\n"))


def test_small_samples_teach_nothing():
    pages = [_page(story(s)) for s in range(MIN_SAMPLE - 1)]
    assert learn_templates(pages) == frozenset()
    assert strip_templates(pages[0], frozenset()) == pages[0]

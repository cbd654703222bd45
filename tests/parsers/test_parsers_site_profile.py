"""Boilerplate learnt from the site itself, on template families no rule was written for."""
from __future__ import annotations

import pytest
from oldweb import CHROME, site_pages

from crawlers.parsers import parse_article
from crawlers.parsers.site_profile import MIN_PAGES, learn_profile

SITES = [("table", "Valley Courier"), ("table", "Hill Gazette"), ("amp", "Coast Wire")]


def _leaks(family, texts):
    return [c for c in CHROME[family] for t in texts if c in t]


@pytest.mark.parametrize("family, site", SITES)
def test_profile_removes_every_chrome_line_and_keeps_every_story_paragraph(family, site):
    pages = site_pages(family, site)
    alone = [parse_article(p.html, p.url) for p in pages]
    assert _leaks(family, [a.text for a in alone])  # one page cannot tell chrome from story
    profile = learn_profile(a.text.splitlines() for a in alone)
    for page in pages:
        text = parse_article(page.html, page.url, profile=profile).text
        assert not _leaks(family, [text])
        assert all(par in text.splitlines() for par in page.paragraphs)


def test_profile_is_learnt_only_from_lines_many_pages_share():
    pages = site_pages("amp", "Coast Wire")
    profile = learn_profile(parse_article(p.html, p.url).text.splitlines() for p in pages)
    assert profile.is_chrome("Editor preview") and profile.is_chrome("EDITOR PREVIEW!")
    assert not any(profile.is_chrome(par) for p in pages for par in p.paragraphs)


def test_too_few_pages_teach_nothing():
    pages = site_pages("table", "Valley Courier", count=MIN_PAGES - 1)
    assert not learn_profile(parse_article(p.html, p.url).text.splitlines() for p in pages).chrome


def test_another_site_of_the_family_keeps_its_own_lines():
    # A profile belongs to one source: Hill Gazette's byline line is no chrome for Valley Courier.
    valley = site_pages("table", "Valley Courier")
    profile = learn_profile(parse_article(p.html, p.url).text.splitlines() for p in valley)
    hill = site_pages("table", "Hill Gazette")[0]
    text = parse_article(hill.html, hill.url, profile=profile).text
    assert "Posted Hill Gazette staff" in text


def test_lone_page_without_profile_is_unchanged():
    page = site_pages("amp", "Coast Wire")[0]
    assert parse_article(page.html, page.url) == parse_article(page.html, page.url, profile=None)


def test_table_layout_paragraphs_come_out_one_a_line():
    page = site_pages("table", "Valley Courier")[0]
    lines = parse_article(page.html, page.url).text.splitlines()
    assert all(par in lines for par in page.paragraphs)
    assert "The Valley's Voice Since 1887" not in "\n".join(lines)


def test_a_profile_never_takes_most_of_a_page():
    """Pages that share their text (one story under many URLs) are not all chrome."""
    story = ["The council approved the tram line on Tuesday.", "Work starts in spring."]
    profile = learn_profile([story + ["Email this story"]] * 5)
    assert profile.is_chrome("Email this story") and profile.is_chrome(story[0])
    page = "\n".join(story + ["Email this story"])
    assert profile.strip(page) == page  # stripping would leave less than half: kept whole
    own = ["A paragraph that only this page prints, long enough to be most of the page."] * 3
    longer = "\n".join(own + story + ["Email this story"])
    assert "Email this story" not in profile.strip(longer)

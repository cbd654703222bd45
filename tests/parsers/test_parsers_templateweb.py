"""Template families written after the rules (tests/parsers/templateweb.py): lone pages come out clean."""
from __future__ import annotations

import pytest
from templateweb import CHROME, site_pages

from crawlers.parsers import parse_article


@pytest.mark.parametrize("family, site", [("blog", "Riverbank Diary"), ("portal", "Daily Lantern")])
def test_a_lone_page_keeps_its_story_and_no_chrome(family, site):
    for page in site_pages(family, site, count=4, seed=3):
        parsed = parse_article(page.html, page.url)
        assert [c for c in CHROME[family] if c in parsed.text] == []
        assert parsed.text.splitlines() == list(page.paragraphs)
        assert parsed.title == page.title

"""The demo's stories: enough of them, realistic length, wire copies and hard negatives."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone
from itertools import combinations

from newsmon.demo import DEMO_DATE, SITES, expected_articles, load_stories
from newsmon.demo.catalog import site_articles
from newsmon.demo.placements import HARD_NEGATIVES, WIRE_COPIES, wire_story_ids
from newsmon.demo.render import render_site
from newsmon.demo.stories import split_sentences


def _copies():
    """story id -> list of SiteArticle, over every site."""
    copies = defaultdict(list)
    for spec in SITES:
        for article in site_articles(spec, DEMO_DATE):
            copies[article.story_id].append(article)
    return copies


def test_stories_are_many_and_article_sized():
    stories = load_stories()
    assert len(stories) >= 12
    for story in stories.values():
        assert 300 <= story.word_count <= 700, story.id
        assert len(story.paragraphs) >= 6
    assert len({s.section for s in stories.values()}) >= 6
    assert len({s.headline for s in stories.values()}) == len(stories)


def test_dates_fall_in_the_days_before_demo_date():
    start = datetime(DEMO_DATE.year, DEMO_DATE.month, DEMO_DATE.day, tzinfo=timezone.utc)
    for articles in _copies().values():
        for article in articles:
            assert start - timedelta(days=7) <= article.published < start


def test_wire_stories_are_republished_on_two_to_four_sites():
    copies = _copies()
    wire = wire_story_ids()
    assert len(wire) >= 5
    for story_id in wire:
        sites = [a.site for a in copies[story_id]]
        assert 2 <= len(sites) <= 4 and len(set(sites)) == len(sites)
    for story_id, articles in copies.items():
        if story_id not in wire:
            assert len(articles) == 1
    for spec in SITES:
        assert any(not a.is_wire for a in site_articles(spec, DEMO_DATE)), spec.name


def test_syndicated_copies_differ_but_share_most_sentences():
    copies = _copies()
    edits = {"headline", "dateline", "cut", "add", "replace"}
    used = set()
    for copy in WIRE_COPIES:
        used |= {name for name in edits if getattr(copy, name)}
    assert used == edits
    for story_id in wire_story_ids():
        for a, b in combinations(copies[story_id], 2):
            assert a.paragraphs != b.paragraphs or a.headline != b.headline
            assert "\n".join(a.paragraphs) != "\n".join(b.paragraphs), (story_id, a.site, b.site)
            sa, sb = set(a.sentences), set(b.sentences)
            assert len(sa & sb) / min(len(sa), len(sb)) >= 0.75, (story_id, a.site, b.site)


def test_hard_negatives_share_exactly_one_sentence(web):
    stories = load_stories()
    truth = expected_articles(web.sites)
    for left, right in HARD_NEGATIVES:
        left_sites = {e.site for e in truth if e.story_id == left}
        right_sites = {e.site for e in truth if e.story_id == right}
        assert len(left_sites) == len(right_sites) == 1 and left != right
        a = {s for p in stories[left].paragraphs for s in split_sentences(p)}
        b = {s for p in stories[right].paragraphs for s in split_sentences(p)}
        shared = a & b
        assert len(shared) == 1 and next(iter(shared)).startswith('"')
        assert set(stories[left].tags) & set(stories[right].tags)  # same topic


def test_no_two_different_stories_share_more_than_one_sentence():
    stories = load_stories()
    sentence_sets = {sid: {s for p in st.paragraphs for s in split_sentences(p)}
                     for sid, st in stories.items()}
    for a, b in combinations(sentence_sets, 2):
        assert len(sentence_sets[a] & sentence_sets[b]) <= 1, (a, b)


def test_rendering_is_deterministic():
    base = "http://127.0.0.1:8765/"
    for spec in SITES:
        first, second = render_site(spec, base, DEMO_DATE), render_site(spec, base, DEMO_DATE)
        assert {p: r.body for p, r in first.items()} == {p: r.body for p, r in second.items()}
        assert {p: r.gzipped for p, r in first.items()} == {
            p: r.gzipped for p, r in second.items()}
        for resource in first.values():
            assert b"8765" in resource.body or not resource.content_type.startswith("text/html")

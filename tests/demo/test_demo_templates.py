"""Each demo site has its own markup, so extraction is tested against different templates."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from newsmon.demo import SITES, expected_articles
from newsmon.demo.render import TEMPLATES

MARKERS = {
    "daily-planet": ['class="article-body"', 'class="share-bar"', 'class="newsletter"'],
    "metro-herald": ['class="story-body"', 'class="story-text"', "application/ld+json"],
    "river-times": ['<article id="post-', 'class="entry-content"', 'id="respond"'],
    "coast-gazette": ["<main", 'class="article-body"', "<figcaption>", 'class="cookie-banner"'],
}


def test_each_site_has_its_own_template_files():
    names = {p.name for p in Path(TEMPLATES).glob("*.html")}
    prefixes = [spec.template for spec in SITES]
    assert len(set(prefixes)) == len(SITES)
    for prefix in prefixes:
        assert {f"{prefix}_{kind}.html" for kind in ("base", "list", "article", "page")} <= names


def test_article_markup_differs_between_sites(web, fetch, parse_page):
    shapes = {}
    for site in web.sites:
        url = next(e.url for e in expected_articles([site]))
        html = fetch(url).text
        for marker in MARKERS[site.name]:
            assert marker in html, (site.name, marker)
        shapes[site.name] = parse_page(html).shape
    for a, b in combinations(shapes, 2):
        overlap = len(shapes[a] & shapes[b]) / len(shapes[a] | shapes[b])
        assert overlap < 0.35, (a, b, overlap)


def test_herald_wraps_paragraphs_in_divs_without_p(web, fetch):
    url = next(e.url for e in expected_articles([web.site("metro-herald")]))
    html = fetch(url).text
    body = html.split('class="story-body"')[1].split('class="story-tags"')[0]
    assert "<p>" not in body and body.count("<div") >= 12

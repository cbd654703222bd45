"""Headline as displayed, standfirst kept, every author, no photo credit."""
from __future__ import annotations

from crawlers.parsers import parse_article

BODY = "".join(f"<p>Paragraph {i} of the story, which is long enough to count as real article prose.</p>"
               for i in range(6))


def _page(head: str, header: str) -> str:
    return f"<html><head>{head}</head><body><nav><a href='/'>Home</a></nav><main><header>{header}</header>" \
           f"<div class='body'>{BODY}</div></main></body></html>"


def test_heading_displayed_above_the_body_wins_over_an_seo_headline():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tram plan beats SEO target"}'
            "</script><meta property='og:title' content='Council approves the tram line after a long night'>")
    header = ("<h1 class='seo'>Tram plan beats SEO target</h1>"
              "<h2 class='title'><span>Transport</span> Council approves the tram line after a long night</h2>")
    assert parse_article(_page(head, header)).title == "Council approves the tram line after a long night"


def test_a_claimed_title_with_the_kicker_the_page_prints_apart():
    head = "<meta property='og:title' content='Transport: Council approves the tram line'>"
    header = "<span class='kicker'>Transport</span><h1>Council approves the tram line</h1>"
    assert parse_article(_page(head, header)).title == "Transport: Council approves the tram line"


def test_unrelated_h1_does_not_replace_the_claimed_title():
    head = "<meta property='og:title' content='Council approves the tram line'>"
    assert parse_article(_page(head, "<h1>Weather</h1>")).title == "Council approves the tram line"


def test_standfirst_is_kept_as_first_paragraph():
    dek = "The vote ends a decade of argument about how the city should move its people."
    head = f"<meta property='og:title' content='Council approves tram'><meta name='description' content='{dek}'>"
    text = parse_article(_page(head, f"<h1>Council approves tram</h1><p class='lead'>{dek}</p>")).text
    assert text.splitlines()[0] == dek and text.count(dek) == 1


def test_every_name_of_the_byline_block():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves tram",'
            ' "author": {"@type": "Person", "name": "Jane Roe"}}</script>')
    header = ("<h1>Council approves tram</h1><div class='article-byline'><span>Jane Roe</span>"
              "<span>John Doe</span><span>Ana Lima</span></div>")
    assert parse_article(_page(head, header)).author == "Jane Roe, John Doe, Ana Lima"


def test_a_photo_credit_is_not_the_author():
    header = ("<h1>Council approves tram</h1><figure><img src='x.jpg'><figcaption>"
              "<span class='author'>Max Lens</span></figcaption></figure>"
              "<div class='byline'>Jane Roe</div>")
    assert parse_article(_page("", header)).author == "Jane Roe"

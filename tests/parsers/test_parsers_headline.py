"""Headline as displayed, standfirst kept, every author, no photo credit."""
from __future__ import annotations

from crawlers.parsers import parse_article, parse_html
from crawlers.parsers.blocks import BlockIndex
from crawlers.parsers.headline import displayed_head

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


def _head(header: str, claimed: list[str]):
    html = f"<html><body><main>{header}<div class='body'>{BODY}</div></main></body></html>"
    tree = parse_html(html)
    return displayed_head(tree, BlockIndex(tree), [f"Paragraph {i} of the story, which is long enough to count as real "
                                                   "article prose." for i in range(6)], claimed, [])


def test_standfirst_above_a_player_that_repeats_the_headline():
    # An audio player under the standfirst prints the headline again: the dek is still found.
    dek = "The vote ends a decade of argument about how the city should move its people."
    head = _head(f"<h1>Council approves tram</h1><div class='preamble'><p>{dek}</p></div>"
                 "<div class='player'><h3 class='player-title'>Council approves tram</h3><span>00:00</span></div>",
                 ["Council approves tram"])
    assert head.title == "Council approves tram" and head.standfirst == dek


def test_headline_inside_a_block_named_heading_with_its_dek():
    dek = "The vote ends a decade of argument about how the city should move its people."
    head = _head(f"<div class='article__heading'><h1 class='article__title'>Council approves tram</h1>"
                 f"<p class='article__desc'>{dek}</p></div>", ["Council approves tram"])
    assert head.title == "Council approves tram" and head.standfirst == dek


def test_a_displayed_heading_no_metadata_confirms_leaves_the_claimed_title():
    # A live page's <h1> carries the latest update; the page's own title is the claimed one.
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tram works: live updates"}'
            "</script><meta property='og:title' content='Tram works: live updates'>")
    header = "<h1>Crane lifts the last span into place +++ Road reopens on Monday</h1>"
    assert parse_article(_page(head, header)).title == "Tram works: live updates"


def test_a_headline_set_in_a_big_bold_font_is_not_the_bodys_first_line():
    # Old table layouts print the headline as <font size=4><b>, under a masthead, with no
    # heading tag; a short story page (an excerpt) then opened with it, so its text no
    # longer opened like its story's. A paragraph that merely opens in bold stays.
    story = ("DUBAI, United Arab Emirates — Emirates Airline finalized a deal to buy 30 jets, "
             "executives of both companies announced Wednesday at the Dubai Air Show.")
    rest = "The deal reduces a prior commitment of 777X jets from the U.S. plane-maker by 30."
    html = ("<html><head><title>Emirates buys thirty jets at the air show | Valley Gazette"
            "</title></head><body><table><tr><td><b>VALLEY GAZETTE</b></td></tr><tr><td><table>"
            "<tr><td><font size='4'><b>Emirates buys thirty jets at the air show</b></font></td>"
            f"</tr><tr><td class='text'>{story}</td></tr><tr><td class='text'>{rest}</td></tr>"
            "</table></td></tr></table></body></html>")
    article = parse_article(html, "http://gazette.example/news/story.php?id=40009")
    assert "thirty jets" not in article.text and "Dubai Air Show" in article.text.splitlines()[0]
    assert article.title == "Emirates buys thirty jets at the air show"
    long_rest = "<br><br>".join([f"{rest} The airline said deliveries begin in 2026 and run "
                                 f"for six years, part {i} of the plan." for i in range(5)])
    one_cell = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Emirates buys "
                "thirty jets at the air show | Valley Gazette</title></head><body><table width="
                "'780'><tr><td colspan='2'><img src='/logo.gif'> <b>Valley Gazette</b> | Serving"
                " the valley since 1998</td></tr><tr><td width='150'><a href='/'>Home</a><br><a href='/n'>News</a>"
                "</td><td valign='top'><font face='Arial' size='2'><b><font size="
                "'4'>Emirates buys thirty jets at the air show</font></b><br>Published: May 1, "
                f"2024<br><br>{story}<br><br>{long_rest}</font></td></tr></table></body></html>")
    text = parse_article(one_cell, "http://gazette.example/news/story.php?id=40027").text
    assert "thirty jets" not in text and text.startswith("DUBAI, United Arab Emirates")
    bold = html.replace("<font size='4'><b>Emirates buys thirty jets at the air show</b></font>",
                        "<b>Emirates</b> buys thirty jets at the air show")
    assert "thirty jets" in parse_article(bold).text

from __future__ import annotations

import pytest

from crawlers.parsers import parse_article
from crawlers.parsers.dates import to_iso8601
from crawlers.parsers.language import detect_language

BODY = "".join(f"<p>Paragraph {i} of the story, which is long enough to count as real article prose for sure.</p>"
               for i in range(6))


def _page(head: str, body: str = "", html_attrs: str = "") -> str:
    return f"<html {html_attrs}><head>{head}</head><body><article>{body}{BODY}</article></body></html>"


@pytest.mark.parametrize("head, body, url, expected", [
    ("<title>Tram line approved | The Daily Planet</title><meta property='og:site_name' content='The Daily Planet'>",
     "", None, "Tram line approved"),
    ("<title>Tram line approved - Daily Planet</title>", "", "https://www.dailyplanet.com/a", "Tram line approved"),
    ("<title>BBC News - Tram line approved</title>", "", "https://www.bbc.co.uk/news/1", "Tram line approved"),
    ("<title>Tram line approved: what it means | Planet</title>", "<h1>Tram line approved: what it means</h1>",
     None, "Tram line approved: what it means"),
    ("<title>Site</title><meta property='og:title' content='From og:title'>", "<h1>Visible</h1>", None, "From og:title"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From &#8216;JSON-LD&#8217;"}</script>'
     "<meta property='og:title' content='og'>", "", None, "From ‘JSON-LD’"),
])
def test_title_is_the_headline(head, body, url, expected):
    assert parse_article(_page(head, body), url).title == expected


@pytest.mark.parametrize("head, url, expected", [
    ("<meta name='author' content='By Jane Roe'>", None, "Jane Roe"),
    ("<meta name='author' content='Jane Roe, Daily Planet'><meta property='og:site_name' content='Daily Planet'>",
     None, "Jane Roe"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h", "author": '
     '[{"name": "Jane Roe"}, {"name": "John Doe"}, {"@type": "Organization", "name": "Planet"}]}</script>',
     "https://planet.example.com/a", "Jane Roe, John Doe"),
    ("<meta property='article:author' content='https://www.facebook.com/janeroe'>", None, None),
    # Yoast-style @graph: the Article names its author only by @id.
    ('<script type="application/ld+json">{"@graph": [{"@type": "Article", "headline": "h", '
     '"author": {"@id": "#p1"}}, {"@type": "Person", "@id": "#p1", "name": "Priya Raman"}]}</script>',
     None, "Priya Raman"),
    ("<meta name='byl' content='By JANE ROE and JOHN DOE Associated Press'>", None, "JANE ROE, JOHN DOE"),
    ("<meta name='author' content='Par Claire Fontaine et Julien Moreau'>", None, "Claire Fontaine, Julien Moreau"),
    ("<meta name='author' content='Jane Roe, Staff Writer'>", None, "Jane Roe"),
    ("<title>Tram line approved | Greenvale Borough</title><meta property='og:title' content='Tram line approved'>"
     "<meta name='author' content='Greenvale Borough Council'>", None, None),
])
def test_author_without_by_or_site(head, url, expected):
    assert parse_article(_page(head), url).author == expected


@pytest.mark.parametrize("body, html_attrs, expected", [
    ("<h1>Tram line approved</h1><p>By Jane Roe</p><p>March 12, 2024 at 2:05 p.m. ET</p>", "", "Jane Roe"),
    ("<h1>Tram line approved</h1><div class='post-meta'>Submitted by Dana Whitfield on Tue, 03/19/2024 - 14:05</div>",
     "", "Dana Whitfield"),
])
def test_visible_byline_when_nothing_is_machine_readable(body, html_attrs, expected):
    assert parse_article(_page("", body, html_attrs)).author == expected


def test_visible_dateline_when_nothing_is_machine_readable():
    body = "<h1>Tram line approved</h1><p>By Jane Roe</p><p>March 12, 2024 at 2:05 p.m. ET</p>"
    assert parse_article(_page("", body)).published == "2024-03-12T14:05:00-04:00"
    us = "<h1>Tram line approved</h1><div class='date'>03/04/2024 10:00</div>"
    assert parse_article(_page("", us, 'lang="en-US"')).published == "2024-03-04T10:00:00"
    assert parse_article(_page("", us, 'lang="en-GB"')).published == "2024-04-03T10:00:00"


def test_published_sources_in_order_of_trust():
    head = ("<meta property='article:published_time' content='2024-05-12T07:30:00Z'>"
            "<meta name='date' content='2020-01-01'>")
    assert parse_article(_page(head), None).published == "2024-05-12T07:30:00+00:00"
    visible = "<time datetime='2024-05-12T09:30:00+02:00'>12 May</time>"
    assert parse_article(_page("", visible), None).published == "2024-05-12T09:30:00+02:00"
    assert parse_article(_page(""), "https://x.example.com/2023/02/01/slug").published == "2023-02-01"
    assert parse_article(_page(""), "https://x.example.com/slug").published is None


@pytest.mark.parametrize("value, expected", [
    ("2019-11-18T10:00:00Z", "2019-11-18T10:00:00+00:00"),
    ("2019-11-18T10:00:00-0500", "2019-11-18T10:00:00-05:00"),
    ("2019-11-18 10:00:00", "2019-11-18T10:00:00"),
    ("Mon, 18 Nov 2019 10:00:00 GMT", "2019-11-18T10:00:00+00:00"),
    ("2019-11-18", "2019-11-18"),
    ("20191118", "2019-11-18"),
    ("yesterday", None),
    ("2019-13-45", None),
])
def test_dates(value, expected):
    assert to_iso8601(value) == expected


def test_language_declared_then_detected():
    assert parse_article(_page("", html_attrs='lang="pt-BR"')).language == "pt"
    assert parse_article(_page("<meta property='og:locale' content='de_DE'>")).language == "de"
    assert parse_article(_page("")).language == "en"  # detected from the English body
    assert detect_language("Die Stadt und der Rat haben sich auf einen neuen Plan für die Straßenbahn "
                           "geeinigt, die ab dem nächsten Jahr auch nicht mehr mit den alten Wagen fährt.") == "de"
    assert detect_language("東京都は新しい計画を発表しました。これは市民のための制度です。") == "ja"
    assert detect_language("12 34 56") is None
    assert detect_language("Новый мост через реку откроют для движения в конце октября.") == "ru"
    assert detect_language("Новий міст через річку відкриють для руху наприкінці жовтня.") == "uk"


def test_canonical_url():
    head = "<link rel='canonical' href='/news/a'><meta property='og:url' content='https://x.example.com/og'>"
    assert parse_article(_page(head), "https://x.example.com/news/a?utm_source=x").canonical_url == \
        "https://x.example.com/news/a"
    assert parse_article(_page("<meta property='og:url' content='https://x.example.com/og'>")).canonical_url == \
        "https://x.example.com/og"
    assert parse_article(_page("<link rel='canonical' href='ftp://x/a'>")).canonical_url is None


@pytest.mark.parametrize("html", ["", "   ", b"", "<html></html>", b"\x00\x01\x02", "<p>", "no markup at all"])
def test_empty_or_junk_input_gives_empty_text(html):
    parsed = parse_article(html)
    assert isinstance(parsed.text, str)


def test_summary_styled_lead_paragraph_of_the_body_is_kept():
    # Some CMSs mark the body's first paragraph "speakable-summary": it is the lead, not a dek.
    lead = "WeWork is reportedly being investigated by the state attorney general over self-dealing claims."
    html = (f"<html><body><article><h1>WeWork investigated</h1><div class='article-content'>"
            f"<p id='speakable-summary'>{lead}</p>{BODY}</div></article></body></html>")
    assert parse_article(html).text.startswith(lead)

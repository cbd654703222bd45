from __future__ import annotations

import pytest

from crawlers.parsers import PageKind, classify_page, page_evidence

PARAS = "".join(f"<p>{'This is a long paragraph of article prose about the council vote and what follows. ' * 2}</p>"
                for _ in range(6))
ARTICLE = f"""<html><head><meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-12T07:30:00Z">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Vote"}}</script></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav><article><h1>Vote</h1>{PARAS}</article></body></html>"""
PLAIN_ARTICLE = f"<html><body><h1>Vote</h1>{PARAS}</body></html>"  # no structured data at all
TEASERS = "".join(f'<article><h2><a href="/news/2024/05/{i:02d}/story-about-thing-{i}">Story {i}</a></h2>'
                  f"<p>Short teaser {i}.</p></article>" for i in range(1, 13))
LISTING = f"""<html><head><meta property="og:type" content="website"></head>
<body><nav><a href="/">Home</a></nav><main>{TEASERS}</main></body></html>"""


@pytest.mark.parametrize("url", [
    "https://news.example.com/2024/05/12/council-approves-new-tram-line",
    "https://news.example.com/politics/council-approves-new-tram-line-to-harbour",
    "https://news.example.com/story/123456789.html",
    "https://blog.example.org/?p=412",
    "https://news.example.com/news/view.html?idx=8576&page=1",
    "https://news.example.com/topics/politics/council-approves-new-tram-line-to-harbour",
])
def test_articles(url):
    assert classify_page(ARTICLE, url) is PageKind.ARTICLE


def test_article_without_structured_data_is_found_by_url_and_text():
    assert classify_page(PLAIN_ARTICLE, "https://news.example.com/2024/05/12/council-approves-new-tram-line") == "article"


@pytest.mark.parametrize("url", [
    "https://news.example.com/",
    "https://news.example.com",
    "https://news.example.com/tag/trams/",
    "https://news.example.com/category/politics/",
    "https://news.example.com/section/business",
    "https://news.example.com/author/lois-lane/",
    "https://news.example.com/author/lois-joanne-lane-smith/",
    "https://news.example.com/tag/beans/page/2/",
    "https://news.example.com/search?q=tram",
    "https://news.example.com/?s=tram",
    "https://news.example.com/news/page/3/",
    "https://news.example.com/news?page=2",
    "https://news.example.com/about",
    "https://news.example.com/contact-us/",
])
def test_listing_shapes_are_never_articles(url):
    # Even a page that carries article markup (sites template it everywhere).
    assert classify_page(ARTICLE, url) is PageKind.LISTING


@pytest.mark.parametrize("url", ["https://news.example.com/politics", "https://news.example.com/news/world"])
def test_section_pages_by_their_content(url):
    assert classify_page(LISTING, url) is PageKind.LISTING


def test_br_separated_body_without_paragraphs_is_an_article():
    text = "<br><br>".join("A long line of article text set without paragraph tags, as some templates do." * 2
                            for _ in range(6))
    page = f"<html><body><h1>Story</h1><div class='body'>{text}</div></body></html>"
    assert classify_page(page, "https://news.example.com/news/view.html?idx=8576") is PageKind.ARTICLE


def test_evidence_explains_the_verdict():
    evidence = page_evidence(ARTICLE, "https://news.example.com/2024/05/12/council-approves-new-tram-line")
    assert evidence.kind is PageKind.ARTICLE and evidence.score > 0
    assert any(r.startswith("jsonld:article") for r in evidence.reasons)
    assert any(r.startswith("url:dated") for r in evidence.reasons)


def test_junk_input_does_not_raise():
    assert classify_page("", "https://news.example.com/x") is PageKind.LISTING
    assert classify_page(b"\x00\xff<<<", "not a url") is PageKind.LISTING

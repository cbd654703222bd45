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


# Pages that carry long text but are no stories: forums, polls, galleries, print and e-mail
# copies, calendars and events, attachments, date archives.
@pytest.mark.parametrize("url", [
    "https://news.example.com/forum/viewtopic.php?t=646",
    "https://news.example.com/community/showthread.php?tid=9",
    "https://news.example.com/poll/12",
    "https://news.example.com/index.cfm?fuseaction=poll.show&pollKey=1",
    "https://news.example.com/gallery/3",
    "https://news.example.com/print.php?id=42",
    "https://news.example.com/print/stories/2024/05/3.html",
    "https://news.example.com/email/stories/2024/05/3.html",
    "https://news.example.com/article.php?id=42&action=print",
    "https://news.example.com/events/12",
    "https://news.example.com/2024/05/06/a-long-story-slug-here/attachment/photo/",
    "https://news.example.com/2024/05/",
    "https://news.example.com/2024/05/06/",
])
def test_pages_for_something_other_than_reading_a_story(url):
    assert classify_page(PLAIN_ARTICLE, url) is PageKind.LISTING


@pytest.mark.parametrize("url", [
    "https://news.example.com/2024/05/12/council-approves-new-tram-line?utm_source=rss",
    "https://news.example.com/story/3000000218734/kalifat-rufe?ref=rss",
    "https://news.example.com/article.php?id=42",
    "https://news.example.com/events/2024/05/12/concert-in-the-park-draws-thousands",
])
def test_stories_stay_stories(url):
    assert classify_page(ARTICLE, url) is PageKind.ARTICLE


def test_old_table_layout_story_with_a_query_string_url():
    text = "<br><br>".join("The council voted on Tuesday to expand the river park, ending a "
                           "debate that had run for years and divided the residents." * 2
                           for _ in range(5))
    page = (f"<html><body><table><tr><td><font size=2><a href='/'>Home</a><br>"
            f"<a href='list.php?cat=1'>Local</a></font></td><td><font size=4><b>Vote</b></font>"
            f"<br><font size=2>{text}</font></td></tr></table></body></html>")
    assert classify_page(page, "http://gazette.example/article.php?id=7") is PageKind.ARTICLE


def test_a_short_page_with_choices_or_many_pictures_is_no_story():
    radios = "".join(f"<input type='radio' name='v' value='{i}'>" for i in range(4))
    poll = f"<html><body><h1>Poll</h1><p>{'Tell us what you think about the plan. ' * 3}</p>{radios}</body></html>"
    assert classify_page(poll, "https://news.example.com/2024/05/12/what-do-you-think-of-it") == "listing"
    pictures = "".join(f"<figure><img src='/{i}.jpg'><figcaption>A view</figcaption></figure>"
                       for i in range(12))
    gallery = f"<html><body><h1>Photos</h1>{pictures}</body></html>"
    assert classify_page(gallery, "https://news.example.com/news/the-storm-in-twelve-pictures-here") == "listing"


def test_free_text_query_values_say_nothing_about_the_page():
    # ?hl= highlights a word in the story; only keys that say what a page does are read.
    assert classify_page(ARTICLE, "https://news.example.com/news.pl?op=view&n=26&hl=vote") == "article"


# Discussions: most of the text in repeated entries, each with a permalink or a signature.
_PROSE = "The new tram line will cut the trip to the harbour by twenty minutes, residents said. "


def _thread(entry) -> str:
    return f"<html><body><h1>Tram line to the harbour</h1>{''.join(entry(k) for k in range(1, 6))}</body></html>"


@pytest.mark.parametrize("page, url", [
    (_thread(lambda k: f"<div class='post' id='p{k}'><a href='#p{k}'>#{k}</a> by user{k}"
                       f"<p>{_PROSE * 2}</p></div>"),
     "https://news.example.com/board/tram-line-to-the-harbour-opens-soon-12.html"),
    (_thread(lambda k: f"<li class='msg'><p>{_PROSE * 2}</p><a href='/talk/tram-line-to-the-harbour-opens/77/{k}'>"
                       f"link</a></li>"),
     "https://news.example.com/talk/tram-line-to-the-harbour-opens/77"),
    (_thread(lambda k: f"<p>{_PROSE * 2} \u2014 Mary Jones</p>"),
     "https://news.example.com/letters/readers-write-about-the-tram-line-to-the-harbour"),
])
def test_a_thread_of_entries_is_no_story_whatever_its_url(page, url):
    evidence = page_evidence(page, url)
    assert evidence.kind is PageKind.LISTING and "structure:discussion -6" in evidence.reasons


def test_a_story_followed_by_its_comments_is_still_a_story():
    comments = "".join(f"<div class='comment'><a href='#comment-{k}'>{k}</a><p>I agree, {k}. "
                       f"{_PROSE}</p></div>" for k in range(1, 5))
    page = f"<html><body><h1>Vote</h1>{PARAS}<section id='comments'>{comments}</section></body></html>"
    url = "https://news.example.com/2024/05/12/council-approves-new-tram-line"
    evidence = page_evidence(page, url)
    assert evidence.kind is PageKind.ARTICLE and not any("discussion" in r for r in evidence.reasons)


def test_a_posts_own_url_showing_its_thread_is_no_story_either():
    page = _thread(lambda k: f"<div class='reply'><a href='/talk/tram-line/77/{k}'>#{k}</a>"
                             f"<p>{_PROSE * 2}</p></div>")
    evidence = page_evidence(page, "https://news.example.com/talk/tram-line/77/3")
    assert evidence.kind is PageKind.LISTING, evidence.reasons


def test_a_short_story_in_an_old_table_layout_is_still_an_article():
    # Three <br>-separated paragraphs (a brief, a wire copy cut to its opening): too little
    # text to speak for an article, no reason to speak against one; the id URL decides.
    text = "<br><br>".join("The council voted on Tuesday to expand the river park, ending a "
                           f"debate that had run for years and divided residents ({i})." for i in range(4))
    page = (f"<html><body><table><tr><td><a href='/'>Home</a><br><a href='/'>News</a></td><td>"
            f"<font size=4><b>Vote</b></font><br><font size=2>{text}</font></td></tr></table>"
            f"</body></html>")
    evidence = page_evidence(page, "http://gazette.example/news/story.php?id=40069")
    assert evidence.kind is PageKind.ARTICLE, evidence.reasons
    assert classify_page(page, "http://gazette.example/news/") is PageKind.LISTING


def test_a_teaser_pointing_to_its_story_on_another_site_is_a_story_page():
    # One sentence and "Read the full story at <a other site>": no metadata, no long text,
    # an id URL; the pointer says it is that story's teaser. Pointers to the page's own
    # site, or many of them, are a listing's.
    lede = "Rep. Jane Roe visited the border on Monday and argued for more agents."
    def page(links: str) -> str:
        return (f"<html><body><table><tr><td><b>GAZETTE</b></td></tr><tr><td>{lede}</td></tr>"
                f"{links}</table></body></html>")
    other = "<tr><td>Read the full story at <a href='http://courier.example/x'>Courier</a></td></tr>"
    own = "<tr><td>Read the full story at <a href='http://gazette.example/y'>here</a></td></tr>"
    url = "http://gazette.example/news/story.php?id=40042"
    assert classify_page(page(other), url) is PageKind.ARTICLE
    assert classify_page(page(own), url) is PageKind.LISTING
    assert classify_page(page(other * 3), url) is PageKind.LISTING


def test_a_teaser_among_heavy_link_chrome_or_in_another_language_is_a_story_page():
    # A short teaser in a table layout whose menus and "other stories" outweigh its text:
    # having no paragraphs is what a teaser is, so only its links and URL speak against it.
    lede = "Mudah2an kita bisa memahami dan mengamalkan ini. Jangan cuma di kerongkongan."
    menu = "".join(f"<tr><td><a href='/s/{i}'>Another story of the day number {i}</a></td></tr>"
                   for i in range(4))
    def page(pointer: str) -> str:
        return (f"<html><body><table><tr><td><b>GAZETTE</b></td></tr><tr><td>{lede}</td></tr>"
                f"<tr><td>{pointer} <a href='http://courier.example/x'>The Courier</a></td></tr>"
                f"{menu}</table></body></html>")
    url = "http://gazette.example/news/story.php?id=40067"
    assert page_evidence(page("Read the full story at"), url).kind is PageKind.ARTICLE
    assert classify_page(page("Den ganzen Artikel lesen bei"), url) is PageKind.ARTICLE
    assert classify_page(page("Lire l'article complet sur"), url) is PageKind.ARTICLE
    assert classify_page(page("More from"), url) is PageKind.LISTING

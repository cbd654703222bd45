"""The body extractor's repair paths: each triggered by its signal, and only by it."""
from __future__ import annotations

from crawlers.parsers import parse_article, parse_html
from crawlers.parsers.body import extract_body, menu_share

PROSE = [f"Paragraph {i} of the story carries enough words to be real prose about the harbour plan, "
         f"with a detail only it has: figure {i * 17}." for i in range(8)]


def _body(html: str) -> str:
    return extract_body(parse_html(html), None)


def test_menu_share_separates_navigation_from_prose():
    assert menu_share("\n".join(["Home", "News", "Sport", "A CIDADE", "Contact us"] * 10)) == 1.0
    assert menu_share("\n".join(PROSE)) == 0.0
    assert menu_share("") == 0.0


def test_split_body_containers_are_joined_in_order():
    # trafilatura's body XPath matches the first "article__body" container and stops there.
    chunk = '<div class="body body__container article__body">{}</div>'
    html = ("<html><body><article><h1>Harbour plan</h1><div class='chunks'>"
            f"<div class='row'>{chunk.format(''.join(f'<p>{p}</p>' for p in PROSE[:4]))}<aside>Advertisement</aside></div>"
            f"<div class='row'>{chunk.format(''.join(f'<p>{p}</p>' for p in PROSE[4:]))}</div>"
            "</div></article></body></html>")
    assert parse_article(html).text.split("\n") == PROSE


def test_same_class_widgets_elsewhere_are_not_joined():
    # A teaser card sharing the body's class but outside its column stays out.
    teaser = "Teaser text that is long enough to look like prose and would pollute the article body. " * 6
    html = ("<html><body><main><article><div class='col'><div class='text'>"
            + "".join(f"<p>{p}</p>" for p in PROSE) + "</div></div></article></main>"
            f"<footer><section><div class='promo'><div class='text'><p>{teaser}</p></div></div></section></footer>"
            "</body></html>")
    assert "Teaser text" not in _body(html)


def test_layout_table_page_is_read_as_paragraphs():
    cells = "".join(f"<p>{p}</p>" for p in PROSE)
    html = (f"<html><body><table><tr><td><a href='/'>Home</a> | <a href='/news'>News</a></td></tr>"
            f"<tr><td><h1>Harbour plan</h1>{cells}</td></tr></table></body></html>")
    lines = _body(html).split("\n")
    assert PROSE[0] in lines and PROSE[-1] in lines and not any(line.startswith("|") for line in lines)


def test_plain_page_takes_the_fast_path_unchanged():
    html = "<html><body><article><h1>Harbour plan</h1>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</article></body></html>"
    assert parse_article(html).text.split("\n") == PROSE


def test_a_teaser_page_is_its_few_lines_not_the_whole_article_as_one_line():
    # Under 250 characters found, trafilatura's baseline rescue returned the whole <article>
    # (headline, date, share buttons, related titles) as ONE line; a teaser is that short.
    lede = "New vehicle sales in the harbour area fell ten percent last month, despite low rates."
    related = "".join(f"<li><a href='/2024/05/0{i}/story-{i}/'>Another story headline number {i}"
                      f"</a> <span>May {i}, 2024</span></li>" for i in range(1, 4))
    page = (f"<html><body><article><header><h1>Sales fell</h1><div class='entry-meta'>Posted on "
            f"May 1, 2024 by admin</div></header><div class='entry-content'><p>{lede}</p><p>Read "
            f"the full story at <a href='http://other.example/x'>The Courier</a></p><div class="
            f"'share'><h3>Share this:</h3><ul><li>Twitter</li><li>Facebook</li></ul></div><div "
            f"class='related'><h3>Related</h3><ul>{related}</ul></div></div></article></body></html>")
    text = parse_article(page, "https://blog.example/2024/05/01/sales-fell/").text
    assert lede in text.splitlines()
    assert "Share this" not in text and "Another story headline" not in text

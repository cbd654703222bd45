"""No terminal escape sequence or control character survives extraction."""
from __future__ import annotations

import unicodedata

from crawlers.parsers import parse_article
from crawlers.parsers.textnorm import like_page, strip_controls

BODY = "".join(f"<p>Paragraph {i} of the story, which is long enough to count as real article prose.</p>"
               for i in range(6))


def test_escape_sequences_and_controls_are_stripped():
    assert strip_controls("Red \x1b[31malert\x1b[0m\x07 \x1b]0;owned\x07done\x9b2J") == "Red alert done"
    assert strip_controls("a\x00b\x7fc\r\nd\te") == "abc\nd\te"
    assert strip_controls("two\nlines", keep_newlines=False) == "two lines"
    assert strip_controls(None) is None


def test_parse_article_never_returns_escape_sequences():
    evil = "Tram\x1b[2J\x1b]0;pwned\x07 approved"
    html = (f"<html><head><title>{evil}</title><meta name='author' content='Jane\x1b[31m Roe'></head>"
            f"<body><article><h1>{evil}</h1><p>Lead \x1b[1mbold\x1b[0m paragraph that is long enough to be prose.</p>"
            f"{BODY}</article></body></html>")
    parsed = parse_article(html)
    for value in (parsed.title, parsed.author, parsed.text):
        assert value and "\x1b" not in value and not any(unicodedata.category(c) == "Cc" and c not in "\n\t"
                                                         for c in value)
    assert parsed.title == "Tram approved"


def test_text_keeps_the_pages_decomposed_form():
    decomposed = unicodedata.normalize("NFD", "Gründerväter für Südtirol " * 30)
    assert like_page("Gründerväter", decomposed) == unicodedata.normalize("NFD", "Gründerväter")
    assert like_page("Gründerväter", "Gründerväter für Südtirol " * 30) == "Gründerväter"

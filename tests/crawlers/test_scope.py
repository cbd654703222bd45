"""Which URLs belong to a source: its registered domain, never another host or address."""

from __future__ import annotations

import pytest

from crawlers.state import site_key


@pytest.mark.parametrize("a, b", [
    ("https://www.example.co.uk/", "http://news.example.co.uk/world/a-story"),
    ("https://example.com/", "https://www.example.com/a"),
    ("https://example.com/", "http://EXAMPLE.com./a"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/x"),
])
def test_same_site(a, b):
    assert site_key(a) == site_key(b) != ""


@pytest.mark.parametrize("a, b", [
    ("https://example.co.uk/", "https://other.co.uk/"),  # co.uk is a public suffix
    ("https://a.blogspot.com/", "https://b.blogspot.com/"),  # private suffixes count too
    ("https://example.com/", "https://example.com.evil.net/"),
    ("http://127.0.0.1:8000/", "http://127.0.0.2:8000/"),  # addresses are only themselves
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8001/"),
    ("http://localhost:8000/", "http://127.0.0.1:8000/"),
    ("https://example.com/", "http://10.0.0.1/"),
    ("https://example.com/", "http://[::1]/"),
])
def test_other_sites(a, b):
    assert site_key(a) != site_key(b)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "mailto:a@b.c", "ftp://example.com/",
                                 "http://example.com:notaport/"])
def test_no_key_for_what_is_never_fetched(url):
    assert site_key(url) == ""

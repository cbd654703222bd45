from __future__ import annotations

from crawlers.parsers import extract_canonical, extract_feed_links, extract_links, parse_html

PAGE = """<html><head>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed/">
<link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom.xml">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="stylesheet" href="/style.css">
<link rel="canonical" href="/2024/05/12/story">
</head><body>
<a href="/2024/05/12/story#comments">story</a>
<a href="2024/05/13/other">relative</a>
<a href="//cdn.example.net/x.html">protocol-relative</a>
<a href="https://other.example.org/a?b=1#frag">external</a>
<a href="#top">fragment only</a>
<a href="javascript:void(0)">js</a><a href="mailto:desk@example.com">mail</a>
<a href="tel:+44123">tel</a><a href="data:text/html,hi">data</a><a>no href</a>
<a href="/2024/05/12/story">duplicate</a>
</body></html>"""
BASE = "https://news.example.com/section/"


def test_links_are_absolute_unique_and_web_only():
    assert extract_links(PAGE, BASE) == [
        "https://news.example.com/2024/05/12/story",
        "https://news.example.com/section/2024/05/13/other",
        "https://cdn.example.net/x.html",
        "https://other.example.org/a?b=1",
    ]


def test_base_href_is_honoured():
    page = '<html><head><base href="https://mirror.example.com/en/"></head><body><a href="a">a</a></body></html>'
    assert extract_links(page, BASE) == ["https://mirror.example.com/en/a"]


def test_feed_links():
    assert extract_feed_links(PAGE, BASE) == ["https://news.example.com/feed/", "https://news.example.com/atom.xml"]


def test_canonical_then_og_url():
    assert extract_canonical(PAGE, BASE) == "https://news.example.com/2024/05/12/story"
    og = '<html><head><meta property="og:url" content="https://news.example.com/a"></head></html>'
    assert extract_canonical(og, BASE) == "https://news.example.com/a"
    assert extract_canonical("<html><head><link rel='canonical' href='javascript:x'></head></html>", BASE) is None


def test_one_parse_serves_every_helper():
    tree = parse_html(PAGE.encode("utf-8"))
    assert extract_links(tree, BASE) == extract_links(PAGE, BASE)
    assert extract_canonical(tree, BASE) == extract_canonical(PAGE, BASE)


def test_str_with_encoding_declaration_parses():
    page = '<?xml version="1.0" encoding="iso-8859-1"?><html><body><a href="/é">x</a></body></html>'
    assert extract_links(page, BASE) == ["https://news.example.com/é"]


def test_rel_next_and_prev_in_the_head_are_links_too():
    page = ('<html><head><link rel="next" href="?page=3"><link rel="prev" href="?page=1">'
            '</head><body><a href="/a">a</a></body></html>')
    assert extract_links(page, "https://news.example.com/list?page=2") == [
        "https://news.example.com/a", "https://news.example.com/list?page=3",
        "https://news.example.com/list?page=1"]


def test_fingerprint_sees_the_text_not_the_links_urls():
    from crawlers.parsers import page_fingerprint

    one = '<html><body><a href="/t?sid=0f9c">Topic</a><p>Posted by ann</p><script>x=1</script></body></html>'
    two = '<html><body><a href="/t?sid=62b1">Topic</a><p>Posted  by ann</p></body></html>'
    other = '<html><body><a href="/t?sid=62b1">Topic</a><p>Posted by bo</p></body></html>'
    assert page_fingerprint(one) == page_fingerprint(two) != page_fingerprint(other)

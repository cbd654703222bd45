from storage import article_id, canonical_url, content_hash, url_key


def test_tracking_parameters_amp_and_trailing_slash_fold_together():
    variants = [
        "https://News.example.com/world/story-one/",
        "https://news.example.com/world/story-one?utm_source=tw&utm_medium=social",
        "https://news.example.com:443/world/story-one/amp/",
        "https://news.example.com/world/story-one/print#comments",
        "https://news.example.com/world/story-one?fbclid=abc&gclid=x",
    ]
    assert {url_key(v) for v in variants} == {"https://news.example.com/world/story-one"}


def test_meaningful_query_parameters_are_kept_and_sorted():
    assert url_key("http://x.org/a?id=2&b=1") == "http://x.org/a?b=1&id=2"
    assert url_key("http://x.org/a?id=2") != url_key("http://x.org/a?id=3")


def test_canonical_prefers_http_rel_canonical():
    assert canonical_url("http://x.org/a?utm_source=1", "http://x.org/canon/") == \
        "http://x.org/canon"
    assert canonical_url("http://x.org/a?utm_source=1", "javascript:void(0)") == "http://x.org/a"
    assert canonical_url("http://x.org/a", None) == "http://x.org/a"


def test_article_id_is_stable_and_per_source():
    a = article_id("daily-planet", "http://x.org/a")
    assert a == article_id("daily-planet", "http://x.org/a")
    assert a != article_id("metro-herald", "http://x.org/a")
    assert len(a) == 16


def test_content_hash_ignores_case_spacing_and_unicode_forms():
    assert content_hash("Hello   World\n") == content_hash("hello world")
    assert content_hash("ﬁne") == content_hash("fine")  # NFKC ligature
    assert content_hash("hello world") != content_hash("hello there world")


def test_print_and_amp_prefixes_fold_into_the_story():
    assert url_key("https://x.org/print/stories/2024/05/3.html") == "https://x.org/stories/2024/05/3.html"
    assert url_key("https://x.org/amp/world/story-one") == "https://x.org/world/story-one"
    assert url_key("https://x.org/printers/best") == "https://x.org/printers/best"

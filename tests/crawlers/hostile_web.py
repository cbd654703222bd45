"""A hostile test web on loopback: traps, bombs, liars, slow hosts, robots.txt subtleties.

Three hosts (distinct loopback IPs, so each has its own download slot and log):
- `hostile_site` (127.0.0.3): everything that must be bounded, skipped or survived;
- `calm_site` (127.0.0.4): discovery without robots Sitemap lines, and a Crawl-delay;
- `slow_site` (127.0.0.5): answers after longer than the crawl's timeout.
"""

from __future__ import annotations

import secrets
import zlib

from crawl_testweb import Resource, TestWeb, article_html, listing_html

AGENT = "newsmon-test/0.1 (+http://example.invalid/newsmon)"
ROBOTS = """User-agent: *
Disallow: /

User-agent: newsmon-test
Disallow: /private/
Allow: /private/open-story$
Disallow: /*.cgi$
"""
TRAP_PREFIXES = ("/calendar/", "/browse", "/list", "/t/", "/loop-")
CAFE = "Le café de la gare servait un thé naïve à l'œil"


def _gzip_bomb(size: int) -> bytes:
    """`size` bytes of spaces gzip-compressed (about 1000:1), built in chunks."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(b"<html><body>")]
    parts += [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


def _legacy_article(slug: str, meta: str) -> bytes:
    """An article whose non-ASCII text is windows-1252, declared only in <meta> (or not)."""
    html = article_html(slug, f"Story {slug}").replace("<head>", f"<head>{meta}")
    html = html.replace("<article><h1>", f"<article><p>{CAFE}, long ago and far away in "
                        f"the valley, where the river meets the sea.</p><h1>")
    return html.encode("cp1252")


def _trap(path: str) -> Resource | None:
    """Generated pages: endless calendars, session ids, pagination and opaque tokens."""
    html = lambda title, links: Resource(listing_html(title, links).encode())  # noqa: E731
    if path.startswith("/calendar/"):
        y, m = (int(p) for p in path.split("/")[2:4])
        nxt, prv = (y + m // 12, m % 12 + 1), (y - (m == 1), (m - 2) % 12 + 1)
        return html(f"Calendar {y}-{m}", [f"/calendar/{a}/{b:02d}" for a, b in (nxt, prv)]
                    + ["/news/story-a"])
    if path.startswith("/browse"):
        sid = secrets.token_hex(16)
        return html("Browse", [f"/browse?sid={sid}", f"/browse;jsessionid={sid}?x=1"])
    if path.startswith("/list?page="):
        n = int(path.split("=")[1])
        return html(f"List {n}", [f"/list?page={n + 1}", f"/list?page={n + 2}", "/news/story-a"])
    if path.startswith("/t/"):
        return html("Token", [f"/t/{secrets.token_urlsafe(18)}/index"])
    return None


def hostile_site(external: str) -> TestWeb:
    web = TestWeb(host="127.0.0.3", delay=0.02, dynamic=_trap).start()
    page = lambda body, **kw: Resource(body.encode() if isinstance(body, str) else body, **kw)  # noqa: E731
    front = ["/section/world", "/section/broken", "/calendar/2024/05", "/browse?sid=5f2b9c0e4d7a16b38e9f0a2c4b6d8e1f",
             "/list?page=1", "/t/aaaaaaaaaaaaaaaaaaaaaaaa/index", "/loop-a", "/flaky", "/bomb",
             "/huge", "/private/secret", "/private/open-story", "/news/data.cgi",
             "/news/annual-report-full-document", "/news/photo-of-the-day-river-sunset",
             "/news/truncated-story", "/news/meta-only-charset", "/news/wrong-header-charset",
             "/s/abc", "/news/story-a?utm_source=x&fbclid=1", "/news/story-a/amp",
             external + "/leak", f"http://localhost:{web.server.server_address[1]}/leak",
             "http://10.255.255.1/admin", "javascript:alert(1)", "mailto:desk@example.com"]
    truncated = article_html("truncated-story", "Truncated story")
    web.resources.update({
        "/robots.txt": page(ROBOTS, content_type="text/plain"),
        "/": page(listing_html("Hostile front", front)),
        "/section/world": page(listing_html("World", ["/news/story-a", "/news/story-b"])),
        "/section/broken": page(b"<html><body><ul><li><a href='/news/story-c'>C<li>"
                                b"<a href=/news/story-d>D</a><div><table><tr><td>"),
        "/loop-a": page("", status=302, location="/loop-b"),
        "/loop-b": page("", status=302, location="/loop-a"),
        "/s/abc": page("", status=301, location="/news/story-b"),
        "/flaky": page(article_html("flaky", "Flaky story"), fail_first=1),
        "/bomb": page(_gzip_bomb(64 << 20), encoding="gzip"),
        "/huge": page("", stream=40 << 20),
        "/news/annual-report-full-document": page(b"%PDF-1.7\n" + b"0" * 200_000,
                                                  content_type="application/pdf"),
        "/news/photo-of-the-day-river-sunset": page(b"\xff\xd8\xff" + b"0" * 50_000,
                                                    content_type="image/jpeg"),
        "/news/truncated-story": page(truncated[: truncated.index("</article>") - 40]),
        "/news/meta-only-charset": page(
            _legacy_article("meta-only-charset", '<meta charset="windows-1252">'),
            content_type="text/html"),
        "/news/wrong-header-charset": page(
            _legacy_article("wrong-header-charset", '<meta charset="windows-1252">'),
            content_type="text/html; charset=utf-8"),
    })
    for slug in ("story-a", "story-b", "story-c", "story-d", "open-story", "secret"):
        prefix = "/private/" if slug in ("open-story", "secret") else "/news/"
        web.resources[prefix + slug] = page(article_html(slug, f"Story {slug}"))
    web.resources["/news/data.cgi"] = page(article_html("data", "Data"))
    return web


def calm_site() -> TestWeb:
    """No Sitemap line in robots.txt, a sitemap index at /sitemap.xml with a Google News
    sitemap, a feed advertised only on a section page, and a Crawl-delay."""
    web = TestWeb(host="127.0.0.4").start()
    base = web.base
    feed_link = '<link rel="alternate" type="application/atom+xml" href="/sport/feed.atom">'
    web.resources.update({
        "/robots.txt": Resource(b"User-agent: newsmon-test\nCrawl-delay: 0.4\n", "text/plain"),
        "/": Resource(listing_html("Calm", ["/sport", "/news/linked-story"]).encode()),
        "/sport": Resource(listing_html("Sport", [], feed_link).encode()),
        "/sitemap.xml": Resource(f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/news-sitemap.xml</loc></sitemap></sitemapindex>""".encode(),
                                 "application/xml"),
        "/news-sitemap.xml": Resource(f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/news/sitemap-story</loc><news:news>
<news:publication><news:name>Calm</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-05-01T06:00:00Z</news:publication_date>
<news:title>Sitemap story</news:title></news:news></url></urlset>""".encode(),
                                      "application/xml"),
        "/sport/feed.atom": Resource(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sport</title><id>{base}/</id>
<updated>2024-05-01T06:00:00Z</updated><entry><title>Feed story</title><id>f1</id>
<link href="{base}/news/feed-story"/><updated>2024-05-01T06:00:00Z</updated></entry>
</feed>""".encode(), "application/atom+xml"),
    })
    for slug in ("linked-story", "sitemap-story", "feed-story"):
        web.resources[f"/news/{slug}"] = Resource(article_html(slug, slug).encode())
    return web


def slow_site() -> TestWeb:
    """Every answer takes longer than the test crawl's DOWNLOAD_TIMEOUT."""
    web = TestWeb(host="127.0.0.5", delay=2.5).start()
    web.resources["/"] = Resource(listing_html("Slow", ["/news/x"]).encode())
    return web

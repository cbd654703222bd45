"""A tiny news site on 127.0.0.1 for crawler tests: robots, sitemap, feed, traps, conditional GET."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Wed, 01 May 2024 08:00:00 GMT"

_PARAGRAPHS = [
    "The city council voted on Tuesday to expand the river park by twelve hectares, ending a "
    "debate that had run for more than three years and divided residents of the east bank.",
    "Supporters said the new green space would cool the neighbourhood during summer heatwaves "
    "and give children somewhere safe to play, while opponents worried about parking.",
    "Construction is expected to begin in the autumn and to last about eighteen months, with the "
    "first paths and playgrounds opening to the public before the end of next year.",
]


def article_html(slug: str, title: str) -> str:
    body = "".join(f"<p>{p} ({slug})</p>" for p in _PARAGRAPHS)
    return f"""<!doctype html><html lang="en"><head><title>{title} | Test Times</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<link rel="canonical" href="/news/{slug}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{title}", "datePublished": "2024-05-01T08:00:00Z",
 "author": {{"@type": "Person", "name": "Ann Writer"}}}}</script></head>
<body><nav><a href="/">Home</a> <a href="/section/world">World</a></nav>
<article><h1>{title}</h1><p class="byline">By Ann Writer</p>{body}</article>
<a href="/news/{slug}-related">Related story</a></body></html>"""


def listing_html(title: str, links: list[str], extra_head: str = "") -> str:
    items = "".join(f'<li><a href="{href}">Story {i}: {href}</a></li>'
                    for i, href in enumerate(links))
    return f"""<!doctype html><html lang="en"><head><title>{title} | Test Times</title>
<meta property="og:type" content="website">{extra_head}</head>
<body><h1>{title}</h1><ul>{items}</ul></body></html>"""


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None
    fail_first: int = 0  # answer 503 this many times before serving the body
    delay: float = 0.0  # seconds before answering (slow hosts, concurrency measurements)
    encoding: str | None = None  # Content-Encoding of `body` as given (gzip bombs)
    stream: int = 0  # send this many bytes of filler with no Content-Length instead of `body`
    validators: tuple[str, ...] = ("etag", "last-modified")  # what conditional GETs can use
    last_modified: str = LAST_MODIFIED


@dataclass
class TestWeb:
    """Serves `resources` by path (query included); logs every request it receives.

    `dynamic(path)` answers paths not in `resources` (generated traps). Each log entry's
    headers carry `_status`, `_start`, `_end` (monotonic seconds), `_sent` (body bytes
    written before the client went away) and `_hash` (sha1 of the body answered with 200).
    """

    resources: dict[str, Resource] = field(default_factory=dict)
    log: list[tuple[str, str, dict]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    dynamic: Callable[[str], Resource | None] | None = None
    host: str = "127.0.0.1"
    delay: float = 0.0  # added to every answer
    inflight: int = 0
    max_inflight: int = 0

    def start(self) -> "TestWeb":
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((self.host, 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def paths(self, since: int = 0) -> list[str]:
        return [path for _, path, _ in self.log[since:]]

    def responses(self, since: int = 0) -> list[tuple[str, int]]:
        return [(path, headers["_status"]) for _, path, headers in self.log[since:]]


def _validators(res: Resource) -> list[tuple[str, str]]:
    out = []
    if "etag" in res.validators:
        out.append(("ETag", '"' + hashlib.sha1(res.body).hexdigest()[:16] + '"'))
    if "last-modified" in res.validators:
        out.append(("Last-Modified", res.last_modified))
    return out


def external_site() -> TestWeb:
    """Another host (127.0.0.2 is loopback too on Linux) whose log must stay empty."""
    return TestWeb(host="127.0.0.2").start()


def _handler(web: TestWeb):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: simple in-flight counts

        def do_GET(self):  # noqa: N802 - http.server's naming
            with web.lock:
                web.inflight += 1
                web.max_inflight = max(web.max_inflight, web.inflight)
            start = time.monotonic()
            self.sent = 0
            self.body_hash = None
            try:
                status = self._answer()
            finally:
                with web.lock:
                    web.inflight -= 1
            web.log.append(("GET", self.path, {**dict(self.headers), "_status": status,
                                               "_start": start, "_end": time.monotonic(),
                                               "_sent": self.sent, "_hash": self.body_hash}))

        def _answer(self) -> int:
            res = web.resources.get(self.path)
            if res is None and web.dynamic is not None:
                res = web.dynamic(self.path)
            if res is None and "?" in self.path:  # tracking parameters change nothing
                res = web.resources.get(self.path.split("?")[0])
            web.hits[self.path] = web.hits.get(self.path, 0) + 1
            time.sleep(web.delay + (res.delay if res else 0.0))
            if res is None:
                return self._send(404, b"not found", "text/plain")
            if web.hits[self.path] <= res.fail_first:
                return self._send(503, b"try later", "text/plain")
            if res.location:
                return self._send(res.status, b"", "text/plain", [("Location", res.location)])
            if res.stream:
                return self._stream(res)
            validators = _validators(res)
            if self._not_modified(validators):
                return self._send(304, b"", None, validators)
            extra = [("Content-Encoding", res.encoding)] if res.encoding else []
            if res.status == 200:
                self.body_hash = hashlib.sha1(res.body).hexdigest()
            return self._send(res.status, res.body, res.content_type, [*validators, *extra])

        def _not_modified(self, validators) -> bool:
            sent = dict(validators)
            etag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            if etag is not None and "ETag" in sent:
                return etag == sent["ETag"]
            return since is not None and since == sent.get("Last-Modified")

        def _send(self, status, body, ctype, headers=()) -> int:
            try:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.sent = len(body)
            except OSError:  # the client gave up; that is what some tests look for
                pass
            return status

        def _stream(self, res: Resource) -> int:
            """A body with no length announced, written in small chunks until the client
            hangs up, so `_sent` shows how much it read before giving up."""
            self.send_response(200)
            self.send_header("Content-Type", res.content_type)
            self.end_headers()
            chunk = b"<p>" + b"x" * 8186 + b"</p>"
            try:
                while self.sent < res.stream:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    self.sent += len(chunk)
            except OSError:
                pass
            return 200

        def log_message(self, *args):  # keep pytest output clean
            pass

    return Handler


def news_site(external: str) -> TestWeb:
    """The standard test site; `external` is another host's URL that must never be requested."""
    web = TestWeb().start()
    base = web.base
    big = listing_html("Big", ["/news/x"] * 4000).encode()  # ~200 KB: over the test byte cap
    html = lambda text: Resource(text.encode())  # noqa: E731
    feed_head = '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    web.resources.update({
        "/robots.txt": Resource(f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n"
                                .encode(), "text/plain"),
        "/": html(listing_html("Front page", [
            "/section/world", "/section/tech", "/private/secret", external,
            "javascript:void(0)", "mailto:desk@example.com", "/flaky", "/loop-a", "/big", "/go-out"], feed_head)),
        "/go-out": Resource(b"", status=302, location=external + "/redirected"),
        "/big": Resource(big),
        "/section/world": html(listing_html("World", [
            "/news/story-one", "/news/story-two", "/section/world?page=2"])),
        "/section/world?page=2": html(listing_html("World, page 2", ["/news/story-three"])),
        "/section/tech": html(listing_html("Tech", ["/news/story-four", "/news/story-one"])),
        "/private/secret": html(article_html("secret", "Secret story")),
        "/flaky": html(article_html("flaky", "Flaky story")),
        "/loop-a": Resource(b"", status=302, location="/loop-b"),
        "/loop-b": Resource(b"", status=302, location="/loop-a"),
        "/sitemap.xml": Resource(f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/story-five</loc><lastmod>2024-05-01</lastmod></url>
<url><loc>{external}/from-sitemap</loc></url>
</urlset>""".encode(), "application/xml"),
        "/feed.xml": Resource(f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Test Times</title><link>{base}/</link><description>news</description>
<item><title>Six</title><link>{base}/news/story-six</link>
<pubDate>Wed, 01 May 2024 07:00:00 GMT</pubDate></item>
</channel></rss>""".encode(), "application/rss+xml"),
    })
    web.resources["/flaky"].fail_first = 1
    for n in ("one", "two", "three", "four", "five", "six"):
        web.resources[f"/news/story-{n}"] = html(article_html(f"story-{n}", f"Story {n}"))
    return web

"""The generic news spider: discovery in the contract's order of trust, then routing by page kind.

Spiders fetch and route; bodies are parsed only as far as routing needs (links, feed and
sitemap entries, page kind). Article text is extracted later, outside the reactor.
"""

from __future__ import annotations

from urllib.parse import urljoin

from protego import Protego
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.spidermiddlewares.httperror import HttpError

import storage

from ..config import read_job
from ..items import FetchedPage, NotModified
from ..middlewares import OutOfScope, OverBudget, SkipKnown
from ..parsers import (
    classify_page,
    decode_html,
    extract_canonical,
    extract_feed_links,
    extract_links,
    parse_feed,
    parse_html,
    parse_sitemap,
)
from ..state import CrawlState, SourceState, origin
from .errors import error_kind

# Higher runs first: the trusted discovery paths before link following.
_PRIORITY = {"robots": 100, "given": 50, "robots_sitemap": 40, "homepage": 30,
             "entry": 20, "recheck": 10, "link": 0}
_SKIP_EXTENSIONS = tuple(f".{ext}" for ext in IGNORED_EXTENSIONS)
_HANDLED_KINDS = {"sitemap", "feed", "page"}


class NewsSpider(Spider):
    """`job_file`: the JSON written by `crawlers.runner` (sources, settings, store, run)."""

    name = "news"
    handle_httpstatus_list = [304]  # conditional GETs: the callbacks turn 304 into NotModified

    def __init__(self, job_file: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = read_job(job_file)
        self.state = CrawlState(self.job)
        self.link_depth = 5
        self.url_cap = 2000

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.link_depth = crawler.settings.getint("NEWSMON_LINK_DEPTH", 5)
        spider.url_cap = crawler.settings.getint("URLLENGTH_LIMIT", 2000)
        return spider

    async def start(self):
        for src in self.state.sources.values():
            yield Request(urljoin(src.source.url, "/robots.txt"), callback=self.parse_robots,
                          errback=self.on_error, priority=_PRIORITY["robots"],
                          meta={"source": src.source.name, "kind": "robots",
                                "newsmon_robots": True, "dont_obey_robotstxt": True,
                                "unconditional": True, "trusted": True})

    # -- callbacks ---------------------------------------------------------------------------

    def parse_robots(self, response):
        src = self.state.of(response)
        yield self._page(response, "other")
        sitemaps = Protego.parse(response.text if hasattr(response, "text") else
                                 response.body.decode("utf-8", "replace")).sitemaps
        yield from self._seeds(src, list(sitemaps))

    def parse_sitemap(self, response):
        if response.status == 304:
            yield self._not_modified(response)
            return
        src = self.state.of(response)
        sitemap = parse_sitemap(response.body)  # .xml.gz files too, bounded by the parser
        yield self._page(response, "sitemap")
        is_index = sitemap.kind == "index"
        for entry in sitemap.entries:
            if is_index:
                yield self._request(src, entry.url, "sitemap", "entry",
                                    trusted=response.meta.get("trusted", False))
            else:
                yield self._request(src, entry.url, "page", "entry", depth=1,
                                    lastmod=entry.lastmod or entry.news_published)

    def parse_feed(self, response):
        if response.status == 304:
            yield self._not_modified(response)
            return
        src = self.state.of(response)
        entries = parse_feed(response.body, response.url)
        yield self._page(response, "feed")
        for entry in entries:
            yield self._request(src, entry.url, "page", "entry", depth=1, lastmod=entry.published)

    def parse_page(self, response):
        src = self.state.of(response)
        homepage = bool(response.meta.get("homepage"))
        if homepage:
            src.homepage_ok = True  # a 304 counts: the site is up and unchanged
        if response.status == 304:
            yield self._not_modified(response)
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if not _is_html(content_type, response.body):
            yield self._page(response, "other")  # images, PDFs...: archived, never followed
            return
        # Parsed once; every helper below accepts the tree.
        html = parse_html(decode_html(response.body, content_type))
        if homepage:
            src.origins.add(origin(response.url))  # a moved homepage moves the site
        kind = "listing" if homepage else _page_kind(classify_page(html, response.url))
        yield self._page(response, kind, extract_canonical(html, response.url))
        if kind != "listing":
            return  # article pages are stored for extraction, not followed
        if homepage:
            for feed in extract_feed_links(html, response.url):
                yield self._request(src, feed, "feed", "homepage")
        depth = response.meta.get("link_depth", 0)
        if depth < self.link_depth:
            for link in extract_links(html, response.url):
                yield self._request(src, link, "page", "link", depth=depth + 1)

    def on_error(self, failure):
        request = failure.request
        src = self.state.of(request)
        if src is not None:
            src.touch()
            self._count_error(src, failure.value)
        if request.meta.get("kind") == "robots" and src is not None:
            yield from self._seeds(src, [])  # no robots.txt: everything is allowed, go on

    # -- helpers -----------------------------------------------------------------------------

    def _seeds(self, src: SourceState, robots_sitemaps: list[str]):
        """Discovery in the contract's order of trust, then pages to re-check conditionally."""
        for url in src.source.sitemaps:
            yield self._request(src, url, "sitemap", "given", trusted=True)
        for url in robots_sitemaps:  # only the site's own: robots.txt is not the user's word
            yield self._request(src, url, "sitemap", "robots_sitemap")
        for url in src.source.feeds:
            yield self._request(src, url, "feed", "given", trusted=True)
        yield self._request(src, src.source.url, "page", "homepage", homepage=True)
        # Known listings, feeds and sitemaps: a 304 costs nothing, a change brings new links.
        for key, known in src.known.items():
            if known.kind in ("listing", "feed", "sitemap"):
                kind = "page" if known.kind == "listing" else known.kind
                yield self._request(src, key, kind, "recheck", depth=1)

    def _request(self, src: SourceState, url: str, kind: str, why: str, *, depth: int = 0,
                 lastmod=None, trusted: bool = False, homepage: bool = False):
        """A request inside the source's scope, or None (filtered out by Scrapy's scraper)."""
        if not self._wanted(src, url, kind, trusted):
            return None
        key = storage.url_key(url)
        if key in src.seen:
            return None
        src.seen.add(key)
        callback = {"sitemap": self.parse_sitemap, "feed": self.parse_feed}.get(kind, self.parse_page)
        meta = {"source": src.source.name, "kind": kind, "link_depth": depth,
                "lastmod": lastmod.isoformat() if hasattr(lastmod, "isoformat") else lastmod,
                "trusted": trusted, "homepage": homepage}
        return Request(url, callback=callback, errback=self.on_error,
                       priority=_PRIORITY[why] - depth, meta=meta)

    def _wanted(self, src: SourceState, url: str, kind: str, trusted: bool) -> bool:
        if not url or len(url) > self.url_cap or kind not in _HANDLED_KINDS:
            return False
        if not url.lower().startswith(("http://", "https://")):
            return False  # javascript:, mailto:, tel:, data: ...
        if kind == "page" and url.lower().split("?")[0].endswith(_SKIP_EXTENSIONS):
            return False
        return trusted or origin(url) in src.origins

    def _page(self, response, kind: str, rel_canonical: str | None = None) -> FetchedPage:
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() for v in values]
        return FetchedPage(
            source=response.meta["source"], requested_url=_requested_url(response),
            url=response.url, status=response.status, headers=headers, body=response.body,
            kind=kind, rel_canonical=rel_canonical, fetched_at=storage.utcnow())

    def _not_modified(self, response) -> NotModified:
        return NotModified(response.meta["source"], _requested_url(response), storage.utcnow())

    @staticmethod
    def _count_error(src: SourceState, exc: BaseException) -> None:
        if isinstance(exc, (OutOfScope, SkipKnown, OverBudget)):
            return  # decisions, not errors; counted where they were made
        if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
            src.skipped_robots += 1
            return
        if isinstance(exc, HttpError):
            src.errors[f"http_{exc.response.status}"] += 1
            return
        src.errors[error_kind(exc)] += 1


def _requested_url(response) -> str:
    """The URL the spider asked for; the page row is keyed by it, not by a redirect target."""
    return (response.meta.get("redirect_urls") or [response.url])[0]


def _is_html(content_type: str, body: bytes) -> bool:
    """By Content-Type; a server that sends none gets the benefit of the doubt for markup."""
    if content_type:
        return "html" in content_type
    return body.lstrip()[:1] == b"<"


def _page_kind(result) -> str:
    """classify_page's PageKind as plain text: a str-Enum must be stored as its value."""
    return str(getattr(result, "value", result))

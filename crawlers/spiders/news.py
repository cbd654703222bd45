"""The generic news spider: discovery in the contract's order of trust, then routing by page kind.

Spiders fetch and route; bodies are parsed only as far as routing needs (links, feed and
sitemap entries, page kind). Article text is extracted later, outside the reactor.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin

from protego import Protego
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.spidermiddlewares.httperror import HttpError

import storage

from ..config import read_job
from ..items import FetchedPage, NotModified, Stub
from ..middlewares import Duplicate, OutOfScope, OverBudget, SkipKnown, TrapCapped
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
from ..politeness import apply_crawl_delay, check_bytes, check_headers, connect_signals
from ..state import CrawlState, SourceState, site_key
from ..traps import PatternGuard, repeats_segments, strip_session, url_pattern
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
        self.recheck_days = 30

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.link_depth = settings.getint("NEWSMON_LINK_DEPTH", 5)
        spider.url_cap = settings.getint("URLLENGTH_LIMIT", 2000)
        spider.recheck_days = settings.getint("NEWSMON_RECHECK_DAYS", 30)
        for src in spider.state.sources.values():
            src.guard = PatternGuard(settings.getint("NEWSMON_PATTERN_CAP", 20))
        connect_signals(crawler, spider)
        return spider

    async def start(self):
        for src in self.state.sources.values():
            yield Request(urljoin(src.source.url, "/robots.txt"), callback=self.parse_robots,
                          errback=self.on_error, priority=_PRIORITY["robots"],
                          meta={"source": src.source.name, "kind": "robots",
                                "newsmon_robots": True, "dont_obey_robotstxt": True,
                                "unconditional": True, "trusted": True,
                                "download_slot": site_key(src.source.url)},
                          # Two sources on one site each need the answer.
                          dont_filter=True)

    def on_headers(self, headers, body_length, request, spider=None):
        check_headers(headers, request)

    def on_bytes(self, data, request, spider=None):
        check_bytes(data, request)

    # -- callbacks ---------------------------------------------------------------------------

    def parse_robots(self, response):
        src = self.state.of(response)
        yield self._page(response, "other")
        robots = Protego.parse(response.body[:500 * 1024].decode("utf-8", "replace"))
        # Crawl-delay of the group that applies to the user agent actually sent.
        agent = self.settings.get("USER_AGENT")
        apply_crawl_delay(self.crawler, response.meta["download_slot"],
                          robots.crawl_delay(agent), src.source.name)
        yield from self._seeds(src, list(robots.sitemaps))

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
            # PDFs, images...: remembered without their body, never followed, never again.
            src.non_html += 1
            yield Stub(src.source.name, response.url, "other", response.status,
                       content_type or None, storage.utcnow())
            return
        # Parsed once; every helper below accepts the tree.
        html = parse_html(decode_html(response.body, content_type))
        if homepage:
            src.origins.add(site_key(response.url))  # a moved homepage moves the site
        kind = "listing" if homepage else _page_kind(classify_page(html, response.url))
        yield self._page(response, kind, extract_canonical(html, response.url))
        if kind != "listing":
            return  # article pages are stored for extraction, not followed
        # Feeds are advertised on section pages too, not only on the homepage.
        for feed in extract_feed_links(html, response.url):
            yield self._request(src, feed, "feed", "homepage")
        yield from self._follow(src, response, extract_links(html, response.url))

    def _follow(self, src: SourceState, response, links: list[str]):
        """Links of a listing page; pagination (same URL pattern) does not count as depth,
        the trap guard bounds it instead."""
        depth = response.meta.get("link_depth", 0)
        here = url_pattern(response.url)
        productive = False
        for link in links:
            same = url_pattern(strip_session(link)) == here
            if not same and depth >= self.link_depth:
                continue
            request = self._request(src, link, "page", "link", depth=depth + (not same))
            if request is not None:
                productive |= not same and storage.url_key(request.url) not in src.known
                yield request
        src.guard.record(src.source.name, here, productive)

    def on_error(self, failure):
        request = failure.request
        src = self.state.of(request)
        if src is not None:
            src.touch()
            if not request.meta.get("probe"):
                self._count_error(src, failure.value)
        if request.meta.get("kind") == "robots" and src is not None:
            yield from self._seeds(src, [])  # no robots.txt: everything is allowed, go on

    # -- helpers -----------------------------------------------------------------------------

    def _seeds(self, src: SourceState, robots_sitemaps: list[str]):
        """Discovery in the contract's order of trust, then pages to re-check conditionally."""
        for url in src.source.sitemaps:
            yield self._request(src, url, "sitemap", "given", trusted=True)
        # Only the site's own: robots.txt is not the user's word.
        for url in robots_sitemaps:
            yield self._request(src, url, "sitemap", "robots_sitemap")
        # Where a sitemap lives when robots.txt does not say; its absence is no error.
        guess = self._request(src, urljoin(src.source.url, "/sitemap.xml"), "sitemap",
                              "robots_sitemap")
        if guess is not None:
            guess.meta["probe"] = True
            yield guess
        for url in src.source.feeds:
            yield self._request(src, url, "feed", "given", trusted=True)
        yield self._request(src, src.source.url, "page", "homepage", homepage=True)
        # Known listings, feeds and sitemaps: a 304 costs nothing, a change brings new links.
        # Those that have not changed for `recheck_days` are left to link following.
        since = storage.utcnow() - timedelta(days=self.recheck_days)
        for key, known in src.known.items():
            changed = known.last_changed_at or known.last_fetched_at
            if known.kind in ("listing", "feed", "sitemap") and changed >= since:
                kind = "page" if known.kind == "listing" else known.kind
                yield self._request(src, key, kind, "recheck", depth=1)

    def _request(self, src: SourceState, url: str, kind: str, why: str, *, depth: int = 0,
                 lastmod=None, trusted: bool = False, homepage: bool = False):
        """A request inside the source's scope, or None (filtered out by Scrapy's scraper)."""
        url = strip_session(url) if url else url
        if not self._wanted(src, url, kind, trusted):
            return None
        key = storage.url_key(url)
        if key in src.seen:
            return None
        if why == "link" and not src.guard.allows(url_pattern(url)):
            src.trap_capped += 1
            return None
        src.seen.add(key)
        callback = {"sitemap": self.parse_sitemap, "feed": self.parse_feed}.get(kind, self.parse_page)
        meta = {"source": src.source.name, "kind": kind, "link_depth": depth,
                "lastmod": lastmod.isoformat() if hasattr(lastmod, "isoformat") else lastmod,
                "trusted": trusted, "homepage": homepage, "pattern_capped": why == "link",
                # One download slot per site (host and port): Scrapy's default, the bare
                # hostname, would make every site of one IP share one slot.
                "download_slot": site_key(src.source.url)}
        # dont_filter: `src.seen` is the duplicate filter, per source; Scrapy's global one
        # would starve a second source on the same site.
        return Request(url, callback=callback, errback=self.on_error,
                       priority=_PRIORITY[why] - depth, meta=meta, dont_filter=True)

    def _wanted(self, src: SourceState, url: str, kind: str, trusted: bool) -> bool:
        if not url or len(url) > self.url_cap or kind not in _HANDLED_KINDS:
            return False
        if not url.lower().startswith(("http://", "https://")):
            return False  # javascript:, mailto:, tel:, data: ...
        if kind == "page" and url.lower().split("?")[0].endswith(_SKIP_EXTENSIONS):
            return False
        if repeats_segments(url):
            return False  # /a/b/a/b/a/...: relative links resolving onto themselves
        return trusted or src.in_scope(url)

    def _page(self, response, kind: str, rel_canonical: str | None = None) -> FetchedPage:
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() for v in values]
        return FetchedPage(
            source=response.meta["source"], requested_url=_requested_url(response),
            url=response.url, status=response.status, headers=headers, body=response.body,
            kind=kind, rel_canonical=rel_canonical, fetched_at=storage.utcnow(),
            redirect_urls=list(response.meta.get("redirect_urls") or []))

    def _not_modified(self, response) -> NotModified:
        # The row that sent the validators is the final URL's, not a redirect hop's.
        return NotModified(response.meta["source"], response.url, storage.utcnow())

    @staticmethod
    def _count_error(src: SourceState, exc: BaseException) -> None:
        if isinstance(exc, (OutOfScope, SkipKnown, OverBudget, TrapCapped, Duplicate)):
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

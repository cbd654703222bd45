"""Downloader middlewares: scope, shared robots.txt, incremental recrawl, page cap, backoff.

Order (settings.DOWNLOADER_MIDDLEWARES): scope first so no other host is ever contacted, not
even for its robots.txt; then robots; then the incremental check; the budget counts only what
is really sent.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

import storage

from .state import CrawlState
from .warc import read_body


class OutOfScope(IgnoreRequest):
    """The URL is outside the source's site."""


class SkipKnown(IgnoreRequest):
    """An article page already stored, with nothing saying it changed."""


class OverBudget(IgnoreRequest):
    """The source has used up its page budget for this run."""


class Duplicate(IgnoreRequest):
    """A redirect or alias leading to a page this run already has (or has asked for)."""


# Google's limit: robots.txt rules past 500 KiB are ignored.
ROBOTS_MAX_BYTES = 500 * 1024
_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class _StateMixin:
    crawler = None

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls()
        mw.crawler = crawler
        return mw

    @property
    def state(self) -> CrawlState | None:
        return getattr(self.crawler.spider, "state", None)  # type: ignore[attr-defined]

    def source_of(self, request):
        state = self.state
        return state.of(request) if state else None


class ScopeMiddleware(_StateMixin):
    """Only the source's own scheme+host+port, plus the feeds/sitemaps the user named.

    Checked here as well as in the spider because redirects are scheduled by Scrapy itself.
    """

    def process_request(self, request):
        src = self.source_of(request)
        if src is None or request.meta.get("trusted"):
            return None
        if src.in_scope(request.url):
            return None
        # The homepage may move (http -> https, bare -> www); the spider then adopts the new origin.
        if request.meta.get("homepage") and request.meta.get("redirect_urls"):
            return None
        raise OutOfScope(f"outside {src.source.name}: {request.url}")


class SharedRobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt check, reusing the robots.txt the spider fetched for its Sitemap lines.

    Without this Scrapy would download every robots.txt a second time on its own.
    """

    def process_response(self, request, response):
        if request.meta.get("newsmon_robots"):
            response = _archived_robots(request, response, self.crawler)
            netloc = urlparse_cached(request).netloc
            if netloc not in self._parsers:
                self._parsers[netloc] = build_from_crawler(
                    self._parserimpl, self.crawler, robots_rules(response))
        return response

    def process_exception(self, request, exception):
        # Reached only once retries are exhausted. Google's rule: a robots.txt that cannot be
        # fetched for server or network reasons means "crawl nothing" (Scrapy would allow all).
        if request.meta.get("newsmon_robots") and not isinstance(exception, IgnoreRequest):
            self._parsers.setdefault(urlparse_cached(request).netloc, build_from_crawler(
                self._parserimpl, self.crawler, _DISALLOW_ALL))
        return None


def _archived_robots(request, response, crawler):
    """A 304 for robots.txt: the rules are the stored copy's (asked conditionally, so an
    unchanged robots.txt is not downloaded again every run)."""
    archived = request.meta.get("robots_archived")
    if response.status != 304 or not archived:
        return response
    try:
        _, body = read_body(crawler.spider.job.data_dir, *archived)
    except (OSError, ValueError, KeyError):
        return response  # no stored copy after all: treated as no robots.txt
    return response.replace(status=200, body=body)


def robots_rules(response) -> bytes:
    """The robots.txt body to obey, with Google's semantics for the status code.

    2xx: the body, cut at 500 KiB; 4xx (no robots.txt): allow all; 5xx: disallow all.
    """
    if response.status >= 500:
        return _DISALLOW_ALL
    if response.status >= 400:
        return b""
    return response.body[:ROBOTS_MAX_BYTES]


class IncrementalMiddleware(_StateMixin):
    """Known articles (and their aliases) are not fetched again; other known pages get a
    conditional GET. Redirect targets are checked too: a short link to a stored article
    costs one redirect, not a download."""

    def process_request(self, request):
        src = self.source_of(request)
        if src is None or request.meta.get("unconditional"):
            return None
        if request.meta.get("newsmon_checked") == request.url:
            return None  # a retry of a request already checked
        request.meta["newsmon_checked"] = request.url
        key = src.key(request.url)
        hops = request.meta.get("redirect_urls")
        if hops:
            self._check_redirect(src, key, hops, request.url)
        article = src.article_for(key)
        if article is not None and not self._newer(request, article):
            src.skipped_known += 1
            raise SkipKnown(f"already stored: {request.url}")
        known = src.known.get(key)
        if known is None:
            return None
        if known.kind == "other":
            src.skipped_known += 1  # a PDF or an image: never an article, never again
            raise SkipKnown(f"not a page: {request.url}")
        if known.etag:
            request.headers.setdefault("If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault("If-Modified-Since", known.last_modified)
        return None

    @staticmethod
    def _check_redirect(src, key: str, hops: list[str], url: str) -> None:
        """/a -> /a/ is the same page; /short -> /news/x is /news/x, maybe asked for already;
        /a -> /b -> /a is a loop, stopped at its first turn."""
        keys = [src.key(u) for u in hops]
        if key == keys[-1]:
            return
        if key in keys:
            src.errors["redirect_loop"] += 1
            raise Duplicate(f"redirect loop: {' -> '.join([*hops, url])}")
        if key in src.sent:
            src.duplicates += 1
            raise Duplicate(f"redirect to a page already asked for: {url}")
        src.sent.add(key)
        src.seen.add(key)

    @staticmethod
    def _newer(request, known: storage.KnownPage | None) -> bool:
        """A sitemap lastmod or feed date after our last fetch means the article changed."""
        lastmod = storage.parse_iso(request.meta.get("lastmod"))
        return known is not None and lastmod is not None and lastmod > known.last_fetched_at


class BudgetMiddleware(_StateMixin):
    """Caps requests per source per run (`max_pages`, else `max_pages_per_source`), counting
    what is really sent: retries and redirect hops too."""

    def process_request(self, request):
        src = self.source_of(request)
        if src is None:
            return None
        # robots.txt is exempt: without it nothing else may be fetched.
        if src.requests >= src.cap and not request.meta.get("newsmon_robots"):
            src.over_budget += 1
            raise OverBudget(f"{src.source.name} reached its cap of {src.cap} pages")
        src.requests += 1
        src.touch()
        return None


class BackoffMiddleware:
    """Waits before a retry, doubling each time, so a struggling server gets room to recover."""

    def __init__(self, base: float, cap: float):
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getfloat("NEWSMON_RETRY_BACKOFF"),
                   crawler.settings.getfloat("NEWSMON_RETRY_BACKOFF_MAX"))

    async def process_request(self, request):
        tries = request.meta.get("retry_times", 0)
        if not tries or request.meta.get("backoff_done") == tries or self.base <= 0:
            return None
        request.meta["backoff_done"] = tries
        # Imported here: importing the reactor at module level would install the wrong one.
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        from scrapy.utils.defer import maybe_deferred_to_future

        delay = min(self.cap, self.base * 2 ** (tries - 1))
        await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return None

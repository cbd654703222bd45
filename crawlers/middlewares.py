"""Downloader middlewares: scope, shared robots.txt, incremental recrawl, page budget, backoff.

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

from .state import CrawlState, origin


class OutOfScope(IgnoreRequest):
    """The URL is outside the source's site."""


class SkipKnown(IgnoreRequest):
    """An article page already stored, with nothing saying it changed."""


class OverBudget(IgnoreRequest):
    """The source has used up its page budget for this run."""


class _StateMixin:
    crawler = None

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls()
        mw.crawler = crawler
        return mw

    @property
    def state(self) -> CrawlState | None:
        return getattr(self.crawler.spider, "state", None)

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
        if origin(request.url) in src.origins:
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
            netloc = urlparse_cached(request).netloc
            if netloc not in self._parsers:
                # Same rule as Scrapy: whatever came back is parsed (a 404 page allows everything).
                self._parsers[netloc] = build_from_crawler(
                    self._parserimpl, self.crawler, response.body)
        return response

    def process_exception(self, request, exception):
        # Reached only once retries are exhausted. Scrapy's own rule for an unreachable
        # robots.txt is "allow all"; recording it here spares a dead host three more attempts.
        if request.meta.get("newsmon_robots"):
            self._parsers.setdefault(urlparse_cached(request).netloc, None)
        return None


class IncrementalMiddleware(_StateMixin):
    """Known articles are not fetched again; other known pages get a conditional GET."""

    def process_request(self, request):
        src = self.source_of(request)
        if src is None or request.meta.get("unconditional") or request.meta.get("redirect_urls"):
            return None
        known = src.known.get(storage.url_key(request.url))
        if known is None:
            return None
        if known.kind == "article" and not self._newer(request, known):
            src.skipped_known += 1
            raise SkipKnown(f"already stored: {request.url}")
        if known.etag:
            request.headers.setdefault("If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault("If-Modified-Since", known.last_modified)
        return None

    @staticmethod
    def _newer(request, known: storage.KnownPage) -> bool:
        """A sitemap lastmod or feed date after our last fetch means the article changed."""
        lastmod = storage.parse_iso(request.meta.get("lastmod"))
        return lastmod is not None and lastmod > known.last_fetched_at


class BudgetMiddleware(_StateMixin):
    """Caps requests per source per run (`max_pages`, else `max_pages_per_source`)."""

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

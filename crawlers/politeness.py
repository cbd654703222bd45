"""Politeness and thrift below the spider: download slots per site, robots.txt Crawl-delay,
AutoThrottle that never goes under it, and bodies abandoned as soon as headers say "not a page".
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import StopDownload
from scrapy.extensions.throttle import AutoThrottle

from .middlewares import ROBOTS_MAX_BYTES

log = logging.getLogger(__name__)

# Content types worth reading for a page request: HTML, and whatever a sloppy server labels
# as text or XML (feeds at page URLs). Everything else (PDF, images, video) is never an article.
_PAGE_TYPES = ("html", "xml", "text/plain")
MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more would stall the source; cap and log


class PoliteThrottle(AutoThrottle):
    """Scrapy's AutoThrottle, except that a slot's delay never drops below its floor
    (the site's Crawl-delay), which AutoThrottle alone would forget after one response."""

    def _response_downloaded(self, response, request, spider):
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if slot is not None:
            floor = self.crawler.engine.downloader.per_slot_settings.get(key, {}).get("delay")
            if floor:
                slot.delay = max(slot.delay, floor)


def apply_crawl_delay(crawler, slot_key: str, delay: float | None, source: str) -> None:
    """Honour `Crawl-delay`: at least `delay` seconds between requests, one at a time.

    Stored as the slot's own settings so a slot Scrapy garbage-collects and recreates keeps it.
    """
    if not delay or delay <= 0:
        return
    if delay > MAX_CRAWL_DELAY:
        log.warning("%s: Crawl-delay %.0fs capped at %.0fs", source, delay, MAX_CRAWL_DELAY)
        delay = MAX_CRAWL_DELAY
    downloader = crawler.engine.downloader
    downloader.per_slot_settings[slot_key] = {"delay": float(delay), "concurrency": 1,
                                               "jitter": 0.0}
    slot = downloader.slots.get(slot_key)
    if slot is not None:
        slot.delay = max(slot.delay, float(delay))
        slot.concurrency = 1
        slot.jitter = 0.0
    log.info("%s: Crawl-delay %.2fs, one request at a time", source, delay)


def connect_signals(crawler, spider) -> None:
    crawler.signals.connect(spider.on_headers, signal=signals.headers_received)
    crawler.signals.connect(spider.on_bytes, signal=signals.bytes_received)


def check_headers(headers, request) -> None:
    """Stop a page download whose Content-Type is not a page (the status is not known
    here, so fail=False: the response still reaches retry, redirect and the callback)."""
    if request.meta.get("kind") != "page" or request.meta.get("homepage"):
        return
    content_type = (headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    if content_type and not any(t in content_type for t in _PAGE_TYPES):
        raise StopDownload(fail=False)


def check_bytes(data: bytes, request) -> None:
    """Cut robots.txt at Google's 500 KiB: the rules before the cut still apply."""
    if not request.meta.get("newsmon_robots"):
        return
    received = request.meta.get("robots_bytes", 0) + len(data)
    request.meta["robots_bytes"] = received
    if received > ROBOTS_MAX_BYTES:
        raise StopDownload(fail=False)

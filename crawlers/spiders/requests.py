"""Requests the spider sends and what it makes of their answers, as plain functions."""

from __future__ import annotations

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from ..frontier import Entry
from ..middlewares import Duplicate, OutOfScope, OverBudget, SkipKnown
from ..state import SourceState, site_key
from .errors import error_kind

ROBOTS_TIMEOUT = 15.0  # seconds: robots.txt is small; a host that sits on it is given up


def request_for(src: SourceState, entry: Entry, url: str, timeouts: tuple[float, int],
                callback, errback) -> Request:
    """The Scrapy request of a frontier entry, with the timeout and retries that fit the
    source's budget."""
    timeout, retries = timeouts
    meta = {"source": src.source.name, "kind": entry.kind, "entry": entry,
            "lastmod": entry.lastmod, "trusted": entry.trusted, "homepage": entry.homepage,
            # One download slot per site (host and port): Scrapy's default, the bare
            # hostname, would make every site of one IP share one slot.
            "download_slot": site_key(src.source.url),
            "download_timeout": timeout, "max_retry_times": retries}
    headers = {}
    if entry.kind == "robots":
        meta.update(newsmon_robots=True, dont_obey_robotstxt=True, unconditional=True,
                    trusted=True, max_retry_times=min(retries, 1),
                    download_timeout=min(timeout, ROBOTS_TIMEOUT))
        headers = _robots_validators(src, url, meta)
    # dont_filter: the source's own `sent` set is the duplicate filter; Scrapy's global
    # one would starve a second source on the same site.
    return Request(url, callback=callback, errback=errback, meta=meta, headers=headers,
                   dont_filter=True)


def _robots_validators(src: SourceState, url: str, meta: dict) -> dict:
    """Ask for robots.txt conditionally when a copy is stored (the middleware reads it back)."""
    known = src.known.get(src.key(url))
    if known is None or not known.warc_file or not (known.etag or known.last_modified):
        return {}
    meta["robots_archived"] = (known.warc_file, known.warc_offset)
    headers = {"If-None-Match": known.etag} if known.etag else {}
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def count_error(src: SourceState, exc: BaseException) -> None:
    """A failed request in the source's figures, by kind."""
    if isinstance(exc, (OutOfScope, SkipKnown, OverBudget, Duplicate)):
        return  # decisions, not errors; counted where they were made
    if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
        src.skipped_robots += 1
        return
    if isinstance(exc, HttpError):
        src.errors[f"http_{exc.response.status}"] += 1
        return
    src.errors[error_kind(exc)] += 1


def is_gone(exc: BaseException) -> bool:
    """A page that is not there (404, 410) is remembered, so a link to it from a page fetched
    again does not cost a request every run (it is tried again after NEWSMON_RECHECK_DAYS)."""
    return isinstance(exc, HttpError) and exc.response.status in (404, 410)


def requested_url(response) -> str:
    """The URL the spider asked for; the page row is keyed by it, not by a redirect target."""
    return (response.meta.get("redirect_urls") or [response.url])[0]


def is_html(content_type: str, body: bytes) -> bool:
    """By Content-Type; a server that sends none gets the benefit of the doubt for markup."""
    if content_type:
        return "html" in content_type
    return body.lstrip()[:1] == b"<"


def page_kind(result) -> str:
    """classify_page's PageKind as plain text: a str-Enum must be stored as its value."""
    return str(getattr(result, "value", result))

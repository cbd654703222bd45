"""Shared state of one crawl process: the store, what each source already has, and its figures.

The spider builds it; middlewares and the pipeline reach it through `crawler.spider.state`.
Everything runs on the reactor thread, so plain dicts and counters are safe.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import storage

from .config import CrawlJob, CrawlSource


def origin(url: str) -> str:
    """scheme://host:port with the default port made explicit, so aliases compare equal."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:  # a port that is not a number: no origin, never in scope
        return ""
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


@dataclass
class SourceState:
    """One source during this run: scope, request budget, known pages and counters."""

    source: CrawlSource
    cap: int
    origins: set[str]
    known: dict[str, storage.KnownPage] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # url keys scheduled in this run
    requests: int = 0
    pages: int = 0
    content_pages: int = 0  # pages other than robots.txt and non-HTML files
    new_articles: int = 0
    updated_articles: int = 0
    not_modified: int = 0
    skipped_known: int = 0
    skipped_robots: int = 0
    over_budget: int = 0
    bytes: int = 0
    errors: Counter = field(default_factory=Counter)
    homepage_ok: bool = False
    started: float | None = None
    finished: float | None = None

    def touch(self) -> None:
        now = time.monotonic()
        self.started = self.started if self.started is not None else now
        self.finished = now

    def figures(self) -> dict:
        """The per-source figures stored in crawl_stats and reported in the summary."""
        seconds = (self.finished - self.started) if self.started is not None else 0.0
        return {
            "requests": self.requests, "pages": self.pages, "new_articles": self.new_articles,
            "updated_articles": self.updated_articles, "not_modified": self.not_modified,
            "errors": dict(self.errors), "bytes": self.bytes, "seconds": round(seconds, 3),
            "skipped_known": self.skipped_known, "skipped_robots": self.skipped_robots,
            "over_budget": self.over_budget,
            # No homepage and no other page either: the source is down or misconfigured.
            "failed": not self.homepage_ok and self.content_pages == 0,
        }


class CrawlState:
    """Opens the store once for the whole crawl process."""

    def __init__(self, job: CrawlJob):
        self.job = job
        self.store = storage.open_store(job.store_url, job.data_dir, migrate=False)
        self.sources: dict[str, SourceState] = {}
        with self.store.begin() as conn:
            now = storage.utcnow()
            for src in job.sources:
                storage.ensure_source(conn, src.name, src.url, now)
                self.sources[src.name] = SourceState(
                    source=src, cap=job.page_cap(src), origins={origin(src.url)},
                    known=storage.known_pages(conn, src.name))

    def of(self, request_or_response) -> SourceState | None:
        name = request_or_response.meta.get("source")
        return self.sources.get(name) if name else None

    def close(self) -> None:
        self.store.close()

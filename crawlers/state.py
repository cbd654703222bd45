"""Shared state of one crawl process: the store, what each source already has, and its figures.

The spider builds it; middlewares and the pipeline reach it through `crawler.spider.state`.
Everything runs on the reactor thread, so plain dicts and counters are safe.
"""

from __future__ import annotations

import ipaddress
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import tldextract

import storage

from .config import CrawlJob, CrawlSource
from .frontier import Frontier
from .sessions import SessionLearner, SessionRules, Slot
from .yieldguard import YieldGuard

_DEFAULT_PORTS = {"http": 80, "https": 443}
COPY_SHARE = 0.8  # of a page's text blocks, by length, that make it a copy of another page


def site_key(url: str) -> str:
    """What makes two URLs the same site: the registered domain (subdomains and `www.` alike),
    port, http and https alike.

    A site spreads over `www.x`, `x` and `news.x` and moves between http and https without
    becoming another site; any other domain (a CDN, a partner) is another site, and an IP
    address or a single-label host (localhost) is only ever itself.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return ""
    host = _registered_domain((parts.hostname or "").lower().rstrip("."))
    if port in (None, _DEFAULT_PORTS[scheme]):
        return host
    return f"{host}:{port}"


# The public suffix list snapshot bundled with tldextract: never fetched from the network.
# Private suffixes count too, so `a.blogspot.com` and `b.blogspot.com` are two sites.
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                  include_psl_private_domains=True)


def _registered_domain(host: str) -> str:
    if not host or "." not in host or _is_ip(host):
        return host
    return _SUFFIXES(host).top_domain_under_public_suffix or host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass
class SourceState:
    """One source during this run: scope, frontier, budgets, known pages and counters."""

    source: CrawlSource
    cap: int
    origins: set[str]  # site_key()s of the source: its homepage's, and where it moved to
    known: dict[str, storage.KnownPage] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # url keys queued in this run
    sent: set[str] = field(default_factory=set)  # url keys requested in this run
    # canonical URL -> url key of the stored article page, so an alias is never fetched.
    canonicals: dict[str, str] = field(default_factory=dict)
    frontier: Frontier = field(default_factory=Frontier)
    guard: YieldGuard = field(default_factory=YieldGuard)
    rules: SessionRules = field(default_factory=SessionRules)
    learner: SessionLearner | None = None
    inflight: set = field(default_factory=set)  # frontier entries handed to Scrapy
    items_pending: int = 0  # items yielded for this source the pipeline has not stored yet
    texts: dict[str, str] = field(default_factory=dict)  # article text fingerprint -> canonical
    fps: dict[str, str] = field(default_factory=dict)  # url key -> text fingerprint, this run
    blocks: dict[str, str] = field(default_factory=dict)  # text block hash -> first canonical
    budget_seconds: float = 0.0  # 0: no time budget
    resumed: int = 0  # entries taken over from the previous run's frontier
    out_of_time: bool = False
    capped: bool = False  # its page cap was reached
    finished_at: object = None  # datetime once the source's crawl is complete
    frontier_left: int = 0
    traps: list = field(default_factory=list)
    requests: int = 0
    pages: int = 0
    content_pages: int = 0  # pages other than robots.txt and non-HTML files
    new_articles: int = 0
    updated_articles: int = 0
    not_modified: int = 0
    skipped_known: int = 0
    skipped_robots: int = 0
    over_budget: int = 0
    trap_capped: int = 0  # links not followed: a barren chain or the barren budget
    non_html: int = 0  # PDFs, images...: abandoned once their headers said so
    duplicates: int = 0  # aliases of a page already fetched (redirect target, canonical)
    bytes: int = 0
    errors: Counter = field(default_factory=Counter)
    homepage_ok: bool = False
    started: float | None = None
    finished: float | None = None

    def __post_init__(self):
        if self.learner is None:
            self.learner = SessionLearner(self.rules)

    def touch(self) -> None:
        now = time.monotonic()
        self.started = self.started if self.started is not None else now
        self.finished = now

    def key(self, url: str) -> str:
        """The URL key of `url` once the source's session ids are stripped."""
        return storage.url_key(self.rules.apply(url))

    def seconds(self) -> float:
        return (self.finished - self.started) if self.started is not None else 0.0

    def time_left(self) -> float | None:
        """Seconds of the source's budget still unused (None: no budget)."""
        if not self.budget_seconds:
            return None
        used = (time.monotonic() - self.started) if self.started is not None else 0.0
        return max(0.0, self.budget_seconds - used)

    def figures(self) -> dict:
        """The per-source figures stored in crawl_stats and reported in the summary."""
        return {
            "requests": self.requests, "pages": self.pages, "new_articles": self.new_articles,
            "updated_articles": self.updated_articles, "not_modified": self.not_modified,
            "errors": dict(self.errors), "bytes": self.bytes, "seconds": round(self.seconds(), 3),
            "skipped_known": self.skipped_known, "skipped_robots": self.skipped_robots,
            "over_budget": self.over_budget, "trap_capped": self.trap_capped,
            "non_html": self.non_html, "duplicates": self.duplicates,
            "traps": self.traps, "trap_patterns": sorted({p for t in self.traps
                                                          for p in t["patterns"]}),
            "learned_rules": [slot.rule for slot in self.rules.learned],
            "out_of_time": self.out_of_time, "frontier_left": self.frontier_left,
            "resumed": self.resumed, "barren_pages": self.guard.barren,
            # No homepage and no other page either: the source is down or misconfigured.
            "failed": not self.homepage_ok and self.content_pages == 0,
            # Not one article, neither this run nor stored before: a template the classifier
            # misreads, a paywall, a wrong homepage. Worth a look, not an error.
            "zero_articles": not self.canonicals,
        }

    def copy_of(self, canonical: str, blocks: list[tuple[str, int]]) -> str | None:
        """The canonical URL of the article fetched earlier this run that shows at least
        COPY_SHARE of this page's text (the same story with other comments, ads or links),
        or None; a page that is no copy makes its blocks known."""
        total = sum(length for _, length in blocks)
        owners: Counter = Counter()
        for block, length in blocks:
            owner = self.blocks.get(block)
            if owner is not None and owner != canonical:
                owners[owner] += length
        if owners:
            owner, shared = owners.most_common(1)[0]
            if shared >= COPY_SHARE * total:
                return owner
        for block, _ in blocks:
            self.blocks.setdefault(block, canonical)
        return None

    def in_scope(self, url: str) -> bool:
        key = site_key(url)
        return bool(key) and key in self.origins

    def article_for(self, key: str) -> storage.KnownPage | None:
        """The stored article page behind a URL key: its own, or the one it is an alias of."""
        known = self.known.get(key)
        if known is not None and known.kind == "alias" and known.canonical_url:
            known = self.known.get(self.canonicals.get(known.canonical_url, ""))
        elif known is None and key in self.canonicals:
            known = self.known.get(self.canonicals[key])
        return known if known is not None and known.kind == "article" else None


class CrawlState:
    """Opens the store once for the whole crawl process."""

    def __init__(self, job: CrawlJob):
        self.job = job
        self.store = storage.open_store(job.store_url, job.data_dir, migrate=False)
        self.sources: dict[str, SourceState] = {}
        self.saved_frontiers: dict[str, list[storage.FrontierEntry]] = {}
        with self.store.begin() as conn:
            now = storage.utcnow()
            for src in job.sources:
                storage.ensure_source(conn, src.name, src.url, now)
                known = storage.known_pages(conn, src.name)
                rules = SessionRules([Slot(r) for r in storage.load_rules(conn, src.name)])
                self.sources[src.name] = SourceState(
                    source=src, cap=job.page_cap(src), origins={site_key(src.url)},
                    known=known, canonicals=article_canonicals(known), rules=rules,
                    budget_seconds=job.settings.max_minutes_per_source * 60)
                self.saved_frontiers[src.name] = storage.load_frontier(conn, src.name)

    def of(self, request_or_response) -> SourceState | None:
        name = request_or_response.meta.get("source")
        return self.sources.get(name) if name else None

    def close(self) -> None:
        self.store.close()


def article_canonicals(known: dict[str, storage.KnownPage]) -> dict[str, str]:
    return {page.canonical_url: key for key, page in known.items()
            if page.kind == "article" and page.canonical_url}

"""What goes into a source's frontier: seeds in the contract's order of trust, and links.

A link to an article this source already stores is not queued at all (nothing says it
changed), but it still counts for the page that links it: that page leads to an article this
run had not reached yet, so it is no trap.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin

from scrapy.linkextractors import IGNORED_EXTENSIONS

import storage

from ..frontier import Entry
from ..state import SourceState
from ..traps import repeats_segments

_SKIP_EXTENSIONS = tuple(f".{ext}" for ext in IGNORED_EXTENSIONS)
_HANDLED_KINDS = {"sitemap", "feed", "page", "robots"}


class Discovery:
    def __init__(self, url_cap: int = 2000, recheck_days: int = 30):
        self.url_cap = url_cap
        self.recheck_days = recheck_days

    def enqueue(self, src: SourceState, url: str | None, kind: str, why: str, parent=None, *,
                lastmod=None, trusted: bool = False, homepage: bool = False,
                guess: bool = False) -> Entry | None:
        """Queue a URL of the source unless it is out of scope, known or queued already."""
        try:
            url = src.rules.apply(url) if url else url
            if not self._wanted(src, url, kind, trusted):
                return None
            key = storage.url_key(url)
        except ValueError:  # no request can be made of it (a port out of range, a bad host)
            return None
        if key in src.seen:
            return None
        src.seen.add(key)
        lastmod = lastmod.isoformat() if hasattr(lastmod, "isoformat") else lastmod
        known = self._known(src, key, lastmod) if kind == "page" and not homepage else None
        if known is not None:
            src.skipped_known += 1
            if known == "article":
                src.guard.credit(parent)
            return None
        hint = src.guard.chain(parent)[0] if why == "link" else 0
        entry = Entry(url, kind, why, parent, lastmod, trusted, homepage, guess=guess, hint=hint)
        src.frontier.push(entry)
        src.guard.add_child(parent)
        return entry

    def seeds(self, src: SourceState, robots_sitemaps: list[str], resumed: list) -> None:
        """After robots.txt: what the last run left, then discovery in order of trust, then
        known feeds and sitemaps to re-check (a 304 costs nothing)."""
        for saved in resumed:
            parent = src.guard.resumed(saved.barren) if saved.barren else None
            if self.enqueue(src, saved.url, saved.kind, "resume", parent, lastmod=saved.lastmod):
                src.resumed += 1
        for url in src.source.sitemaps:
            self.enqueue(src, url, "sitemap", "given", trusted=True)
        for url in robots_sitemaps:  # only the site's own: robots.txt is not the user's word
            self.enqueue(src, url, "sitemap", "robots_sitemap")
        self.enqueue(src, urljoin(src.source.url, "/sitemap.xml"), "sitemap", "robots_sitemap",
                     guess=True)
        for url in src.source.feeds:
            self.enqueue(src, url, "feed", "given", trusted=True)
        self.enqueue(src, src.source.url, "page", "homepage", homepage=True)
        # Listings are reached again through links (a 304 still yields the stored copy's);
        # feeds and sitemaps that changed lately are asked for directly.
        since = storage.utcnow() - timedelta(days=self.recheck_days)
        for key, known in list(src.known.items()):
            changed = known.last_changed_at or known.last_fetched_at
            if known.kind in ("feed", "sitemap") and changed >= since:
                self.enqueue(src, key, known.kind, "recheck")

    def _known(self, src: SourceState, key: str, lastmod: str | None) -> str | None:
        """'article': stored already with nothing saying it changed; 'other': a file that is
        not a page, or a page that was not there lately; None: to be fetched."""
        known = src.known.get(key)
        if known is not None and known.kind == "other":
            recent = storage.utcnow() - timedelta(days=self.recheck_days)
            return "other" if known.last_fetched_at >= recent else None
        article = src.article_for(key)
        if article is None:
            return None
        newer = storage.parse_iso(lastmod)
        return None if newer is not None and newer > article.last_fetched_at else "article"

    def _wanted(self, src: SourceState, url: str | None, kind: str, trusted: bool) -> bool:
        if not url or len(url) > self.url_cap or kind not in _HANDLED_KINDS:
            return False
        if not url.lower().startswith(("http://", "https://")):
            return False  # javascript:, mailto:, tel:, data: ...
        if kind == "page" and url.lower().split("?")[0].endswith(_SKIP_EXTENSIONS):
            return False
        if repeats_segments(url):
            return False  # /a/b/a/b/a/...: relative links resolving onto themselves
        return trusted or src.in_scope(url)

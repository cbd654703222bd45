"""Item pipeline: archive each response to WARC and record it in the store's pages table.

One row per article: the row is keyed by the page's final URL, or by the row already stored
for its canonical URL; every other URL that led to it (redirect hops, aliases) gets an `alias`
row pointing at the canonical URL, so later runs do not download it again.

A page's rows are written once its WARC record is stored for good: at once on local disk;
on object storage after the record's segment is uploaded (warc_remote.py), so a killed
crawl never leaves a row pointing at a record that was never stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import storage

from .completion import finish_source
from .items import FetchedPage, NotModified, Stub
from .state import CrawlState, SourceState
from .warc import WarcArchive

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Fetched:
    """A page archived but not recorded yet: what its rows need."""

    src: SourceState
    page: FetchedPage
    fetch: storage.PageFetch
    aliases: frozenset[str]
    canonical: str


class ArchivePipeline:
    """WARC record first, then the page row that points at it (one transaction per item)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.archive: WarcArchive | None = None
        self._unrecorded: list[_Fetched] = []  # waiting for their WARC segment's upload

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def state(self) -> CrawlState:
        return self.crawler.spider.state

    def open_spider(self):
        job = self.state.job
        self.archive = WarcArchive(job.archive or job.data_dir, job.run_date, job.run_id)

    def process_item(self, item):
        src = self.state.sources[item.source]
        try:
            self._handle(src, item)
        finally:
            src.items_pending -= 1
            if src.items_pending <= 0:
                self.crawler.spider.dispatcher.feed(src)  # finishes it if it is done
        return item

    def _handle(self, src: SourceState, item) -> None:
        src.touch()
        if isinstance(item, NotModified):
            with self.state.store.begin() as conn:
                storage.record_not_modified(conn, item.source, src.key(item.requested_url),
                                            item.fetched_at)
            src.not_modified += 1
        elif isinstance(item, FetchedPage):
            self._store(src, item)
        elif isinstance(item, Stub):
            self._stub(src, item.url, item.kind, item.status, item.content_type,
                       src.key(item.url), item.fetched_at, item.canonical_url)

    def _store(self, src: SourceState, page: FetchedPage) -> None:
        # Session ids the source was seen to use are not part of any page's identity.
        canonical = storage.canonical_url(src.rules.apply(page.url), page.rel_canonical)
        key = src.key(page.url)
        if page.kind == "article":
            key = src.canonicals.get(canonical, key)
        warc_file, offset, length = self.archive.write(page)
        fetch = storage.PageFetch(
            source=page.source, url_key=key, url=page.url,
            canonical_url=canonical, kind=page.kind,
            status=page.status, content_type=page.header("Content-Type"),
            etag=page.header("ETag"), last_modified=page.header("Last-Modified"),
            body_hash=storage.body_hash(page.body), body_bytes=len(page.body),
            warc_file=warc_file, warc_offset=offset, warc_length=length,
            fetched_at=page.fetched_at)
        # What this crawl knows changes at once (so it never asks for the page again);
        # the store's rows follow when the record is stored.
        src.known[key] = storage.KnownPage(key, page.kind, fetch.etag, fetch.last_modified,
                                           fetch.body_hash, fetch.fetched_at, canonical,
                                           warc_file=warc_file, warc_offset=offset)
        if page.kind == "article":
            src.canonicals[canonical] = key
        aliases = frozenset({src.key(u) for u in [*page.redirect_urls, page.url]} - {key})
        self._unrecorded.append(_Fetched(src, page, fetch, aliases, canonical))
        self._record_stored()

    def _record_stored(self, everything: bool = False) -> None:
        waiting = []
        for item in self._unrecorded:
            if everything or self.archive.is_stored(item.fetch.warc_file):
                self._record(item)
            else:
                waiting.append(item)
        self._unrecorded = waiting

    def _record(self, item: _Fetched) -> None:
        src, page, fetch = item.src, item.page, item.fetch
        with self.state.store.begin() as conn:
            _, change = storage.record_fetch(conn, fetch)
        for alias in sorted(item.aliases):
            self._stub(src, page.url, "alias", page.status, None, alias, page.fetched_at,
                       item.canonical)
        src.pages += 1
        src.content_pages += page.kind != "other"
        src.bytes += len(page.body)
        if page.kind == "article" and change == "new":
            src.new_articles += 1
        elif page.kind == "article" and change == "changed":
            src.updated_articles += 1

    def _stub(self, src: SourceState, url: str, kind: str, status: int,
              content_type: str | None, key: str, fetched_at, canonical: str | None = None):
        stub = storage.PageStub(source=src.source.name, url_key=key, url=url,
                                canonical_url=canonical, kind=kind, status=status,
                                content_type=content_type, fetched_at=fetched_at)
        with self.state.store.begin() as conn:
            storage.record_stub(conn, stub)
        if key not in src.known or src.known[key].kind in ("alias", "other"):
            src.known[key] = storage.KnownPage(key, kind, None, None, None, fetched_at, canonical)

    def close_spider(self):
        if self.archive is not None:
            self.archive.close()  # object storage: uploads the last segments
            self._record_stored(everything=True)
        state = self.state
        # Sources finish on their own; any left (a crawl stopped from outside) finish here,
        # keeping what they had still to fetch for the next run.
        for src in state.sources.values():
            finish_source(state, src)
        log.info("crawl figures: %s", {n: s.figures() for n, s in state.sources.items()})

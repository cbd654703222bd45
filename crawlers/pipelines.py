"""Item pipeline: archive each response to WARC and record it in the store's pages table."""

from __future__ import annotations

import logging

import storage

from .items import FetchedPage, NotModified
from .state import CrawlState, SourceState
from .warc import WarcArchive

log = logging.getLogger(__name__)


class ArchivePipeline:
    """WARC record first, then the page row that points at it (one transaction per item)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.archive: WarcArchive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def state(self) -> CrawlState:
        return self.crawler.spider.state

    def open_spider(self):
        job = self.state.job
        self.archive = WarcArchive(job.data_dir, job.run_date, job.run_id)

    def process_item(self, item):
        src = self.state.sources[item.source]
        src.touch()
        if isinstance(item, NotModified):
            with self.state.store.begin() as conn:
                storage.record_not_modified(conn, item.source, storage.url_key(item.requested_url),
                                            item.fetched_at)
            src.not_modified += 1
        elif isinstance(item, FetchedPage):
            self._store(src, item)
        return item

    def _store(self, src: SourceState, page: FetchedPage) -> None:
        warc_file, offset, length = self.archive.write(page)
        fetch = storage.PageFetch(
            source=page.source, url_key=storage.url_key(page.requested_url), url=page.url,
            canonical_url=storage.canonical_url(page.url, page.rel_canonical), kind=page.kind,
            status=page.status, content_type=page.header("Content-Type"),
            etag=page.header("ETag"), last_modified=page.header("Last-Modified"),
            body_hash=storage.body_hash(page.body), body_bytes=len(page.body),
            warc_file=warc_file, warc_offset=offset, warc_length=length,
            fetched_at=page.fetched_at)
        with self.state.store.begin() as conn:
            _, change = storage.record_fetch(conn, fetch)
        src.pages += 1
        src.content_pages += page.kind != "other"
        src.bytes += len(page.body)
        if page.kind == "article" and change == "new":
            src.new_articles += 1
        elif page.kind == "article" and change == "changed":
            src.updated_articles += 1

    def close_spider(self):
        if self.archive is not None:
            self.archive.close()
        state = self.state
        with state.store.begin() as conn:
            for name, src in state.sources.items():
                storage.save_crawl_stats(conn, state.job.run_id, name, src.figures())
        log.info("crawl figures: %s", {n: s.figures() for n, s in state.sources.items()})

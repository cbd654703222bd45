"""The generic news spider: discovery in the contract's order of trust, then routing by page kind.

Spiders fetch and route; bodies are parsed only as far as routing needs (links, feed and
sitemap entries, page kind, the text fingerprint session ids are learned from). Article text is
extracted later, outside the reactor. Each source has its own frontier (crawlers.frontier),
fed to Scrapy a few requests at a time (crawlers.scheduling), and finishes on its own
(crawlers.completion).
"""

from __future__ import annotations

from urllib.parse import urljoin

from protego import Protego
from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

import storage

from ..completion import finish_source
from ..config import read_job
from ..frontier import Entry
from ..items import FetchedPage, NotModified, Stub
from ..learning import adopt_rule
from ..parsers import (
    classify_page,
    decode_html,
    extract_canonical,
    extract_feed_links,
    extract_links,
    page_fingerprint,
    parse_feed,
    parse_html,
    parse_sitemap,
    text_blocks,
)
from ..politeness import apply_crawl_delay, check_bytes, check_headers, connect_signals
from ..progress import ProgressWriter
from ..scheduling import Dispatcher
from ..state import CrawlState, SourceState, site_key
from ..warc import read_body
from ..yieldguard import YieldGuard
from .discovery import Discovery
from .requests import count_error, is_gone, is_html, page_kind, request_for, requested_url


class NewsSpider(Spider):
    """`job_file`: the JSON written by `crawlers.runner` (sources, settings, store, run)."""

    name = "news"
    handle_httpstatus_list = [304]  # conditional GETs: the callbacks turn 304 into NotModified

    def __init__(self, job_file: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = read_job(job_file)
        self.state = CrawlState(self.job)
        self.discovery = Discovery()
        self.dispatcher: Dispatcher | None = None
        self.progress = ProgressWriter(self.job.progress_file)
        self._heartbeat = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.discovery = Discovery(s.getint("URLLENGTH_LIMIT", 2000),
                                     s.getint("NEWSMON_RECHECK_DAYS", 30))
        for src in spider.state.sources.values():
            src.guard = YieldGuard(s.getint("NEWSMON_BARREN_CHAIN"), s.getint("NEWSMON_BARREN_BUDGET"))
            src.learner.max_probes = s.getint("NEWSMON_SESSION_PROBES")
        window = s.getint("NEWSMON_SOURCE_WINDOW") or _window(
            s.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), s.getfloat("DOWNLOAD_DELAY"))
        spider.dispatcher = Dispatcher(spider, window, s.getfloat("DOWNLOAD_TIMEOUT"),
                                       s.getint("RETRY_TIMES"))
        connect_signals(crawler, spider)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    async def start(self):
        for src in self.state.sources.values():
            src.frontier.push(Entry(urljoin(src.source.url, "/robots.txt"), "robots", "robots"))
            self.dispatcher.feed(src)
        return
        yield  # an async generator that yields nothing: the dispatcher sends the requests

    # -- lifecycle ---------------------------------------------------------------------------

    def on_opened(self, spider=None):
        self._heartbeat = task.LoopingCall(self._tick)
        self._heartbeat.start(1.0, now=False)

    def on_closed(self, spider=None, reason=None):
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()

    def _tick(self):
        self.dispatcher.tick()
        self.progress.update(self.state)

    def on_idle(self, spider=None):
        if self.dispatcher.idle():
            raise DontCloseSpider

    def finish(self, src: SourceState) -> None:
        finish_source(self.state, src)
        self.progress.update(self.state, force=True)

    def on_headers(self, headers, body_length, request, spider=None):
        check_headers(headers, request)

    def on_bytes(self, data, request, spider=None):
        check_bytes(data, request)

    def build_request(self, src: SourceState, entry: Entry, url: str, timeouts) -> Request:
        callbacks = {"sitemap": self.parse_sitemap, "feed": self.parse_feed,
                     "robots": self.parse_robots, "page": self.parse_page}
        return request_for(src, entry, url, timeouts, callbacks[entry.kind], self.on_error)

    # -- callbacks ---------------------------------------------------------------------------

    def parse_robots(self, response):
        src, entry = self._of(response)
        try:
            yield self._page(response, "other")
            robots = Protego.parse(response.body[:500 * 1024].decode("utf-8", "replace"))
            # Crawl-delay of the group that applies to the user agent actually sent.
            apply_crawl_delay(self.crawler, response.meta["download_slot"],
                              robots.crawl_delay(self.settings.get("USER_AGENT")), src.source.name)
            self.seed(src, list(robots.sitemaps))
        finally:
            self._after(src, entry)

    def parse_sitemap(self, response):
        src, entry = self._of(response)
        try:
            if response.status == 304:
                yield self._not_modified(src, response)
                return
            sitemap = parse_sitemap(response.body)  # .xml.gz files too, bounded by the parser
            yield self._page(response, "sitemap")
            node = src.guard.node(response.url, None, root=True)
            kind = "sitemap" if sitemap.kind == "index" else "page"
            for e in sitemap.entries:
                self.discovery.enqueue(src, e.url, kind, "entry", node,
                                       lastmod=e.lastmod or e.news_published,
                                       trusted=kind == "sitemap" and entry.trusted)
            src.guard.seal(node)
        finally:
            self._after(src, entry)

    def parse_feed(self, response):
        src, entry = self._of(response)
        try:
            if response.status == 304:
                yield self._not_modified(src, response)
                return
            entries = parse_feed(response.body, response.url)
            yield self._page(response, "feed")
            node = src.guard.node(response.url, None, root=True)
            for e in entries:
                self.discovery.enqueue(src, e.url, "page", "entry", node, lastmod=e.published)
            src.guard.seal(node)
        finally:
            self._after(src, entry)

    def parse_page(self, response):
        src, entry = self._of(response)
        try:
            yield from self._route(src, entry, response)
        finally:
            self._after(src, entry)

    def on_error(self, failure):
        request = failure.request
        src, entry = self.state.of(request), request.meta.get("entry")
        if src is None:
            return
        try:
            src.touch()
            if entry is not None and entry.probe is not None:
                src.learner.settle(entry.probe, None)
            elif not (entry is not None and entry.guess):
                count_error(src, failure.value)
            if entry is not None and entry.kind == "robots":
                self.seed(src, [])  # no robots.txt: everything is allowed, go on
            if is_gone(failure.value):
                response = failure.value.response
                yield self._stub(src, response.url, "other", response.status, None)
        finally:
            self._after(src, entry)  # after the items: a finished source has stored them all

    # -- routing -----------------------------------------------------------------------------

    def _route(self, src: SourceState, entry: Entry, response):
        if entry.homepage:
            src.homepage_ok = True  # a 304 counts: the site is up and unchanged
        if response.status == 304:
            yield self._not_modified(src, response)
            self._follow_archived(src, entry, response.url)
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if not is_html(content_type, response.body):
            # PDFs, images...: remembered without their body, never followed, never again.
            src.non_html += 1
            yield self._stub(src, response.url, "other", response.status, content_type or None)
            return
        # Parsed once; every helper below accepts the tree.
        html = parse_html(decode_html(response.body, content_type))
        url = src.rules.apply(response.url)
        fingerprint = page_fingerprint(html)
        src.fps[storage.url_key(url)] = fingerprint
        if entry.probe is not None:
            self._settle(src, entry.probe, fingerprint)
        if entry.homepage:
            src.origins.add(site_key(response.url))  # a moved homepage moves the site
        kind = "listing" if entry.homepage else page_kind(classify_page(html, url))
        rel = extract_canonical(html, response.url)
        rel = src.rules.apply(rel) if rel else None
        if kind == "article":
            copy = _copy_of(src, storage.canonical_url(url, rel), fingerprint, html)
            if copy is not None:  # the same story under another URL: an alias of it
                src.duplicates += 1
                src.guard.charge(None, entry.parent)
                self._observe(src, entry.parent, url, fingerprint)
                yield self._stub(src, response.url, "alias", response.status,
                                 content_type or None, canonical_url=copy)
                return
            src.guard.credit(entry.parent)
        yield self._page(response, kind, rel)
        node = src.guard.node(url, entry.parent, listing=kind != "article", root=entry.homepage)
        if kind == "article":
            src.guard.charge(node, entry.parent)  # only if found through a barren chain
        self._observe(src, node, url, fingerprint)
        self._follow(src, node, html, response.url)

    def _follow(self, src: SourceState, node, html, base_url: str) -> None:
        # Feeds are advertised on section pages too, not only on the homepage.
        for feed in extract_feed_links(html, base_url):
            self.discovery.enqueue(src, feed, "feed", "homepage")
        for link in extract_links(html, base_url):
            self.discovery.enqueue(src, link, "page", "link", node)
        src.guard.seal(node)

    def _follow_archived(self, src: SourceState, entry: Entry, url: str):
        """A listing that did not change still links what it linked: read its stored copy,
        so a changed page behind an unchanged one is still reached."""
        known = src.known.get(src.key(url))
        if known is None or known.kind != "listing" or not known.warc_file:
            return
        try:
            headers, body = read_body(self.job.data_dir, known.warc_file, known.warc_offset)
        except (OSError, ValueError, KeyError):
            return  # the archive went missing: the next change of the page brings its links
        html = parse_html(decode_html(body, headers.get("content-type")))
        node = src.guard.node(src.rules.apply(url), entry.parent, root=entry.homepage)
        self._follow(src, node, html, url)

    def _observe(self, src: SourceState, node, url: str, fingerprint: str) -> None:
        """Session learning: a page that looks like another with one URL part changed."""
        probe = src.learner.observe(url, fingerprint)
        if probe is None:
            return
        answered = src.fps.get(storage.url_key(probe.url))
        if answered is not None:
            self._settle(src, probe, answered)
            return
        src.frontier.push(Entry(probe.url, "page", "probe", node, probe=probe))
        src.guard.add_child(node)

    def _settle(self, src: SourceState, probe, fingerprint: str | None) -> None:
        if src.learner.settle(probe, fingerprint):
            adopt_rule(self.state, src, probe)

    # -- helpers -----------------------------------------------------------------------------

    def _of(self, response) -> tuple[SourceState, Entry]:
        return self.state.of(response), response.meta.get("entry")

    def _after(self, src: SourceState, entry: Entry | None) -> None:
        self.dispatcher.done(src, entry)
        self.dispatcher.feed(src)
        self.progress.update(self.state)

    def seed(self, src: SourceState, robots_sitemaps: list[str]) -> None:
        """After robots.txt (or its failure): the source's frontier, in order of trust."""
        resumed = self.state.saved_frontiers.pop(src.source.name, [])
        self.discovery.seeds(src, robots_sitemaps, resumed)

    # Items are counted until the pipeline has stored them: a source is finished only then.
    def _stub(self, src: SourceState, url: str, kind: str, status: int,
              content_type: str | None, canonical_url: str | None = None) -> Stub:
        src.items_pending += 1
        return Stub(src.source.name, url, kind, status, content_type, storage.utcnow(),
                    canonical_url)

    def _page(self, response, kind: str, rel_canonical: str | None = None) -> FetchedPage:
        self.state.of(response).items_pending += 1
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() for v in values]
        return FetchedPage(
            source=response.meta["source"], requested_url=requested_url(response),
            url=response.url, status=response.status, headers=headers, body=response.body,
            kind=kind, rel_canonical=rel_canonical, fetched_at=storage.utcnow(),
            redirect_urls=list(response.meta.get("redirect_urls") or []))

    @staticmethod
    def _not_modified(src: SourceState, response) -> NotModified:
        # The row that sent the validators is the final URL's, not a redirect hop's.
        src.items_pending += 1
        return NotModified(src.source.name, response.url, storage.utcnow())


def _window(concurrency: int, delay: float) -> int:
    """Requests of one source handed to Scrapy at once. With a download delay the slot sends
    one a delay apart whatever is queued, and whatever is queued is still sent after the
    source's time is up: one more than the concurrency keeps the slot busy. Without a delay,
    twice the concurrency keeps it fed between callbacks."""
    return concurrency + 1 if delay > 0 else 2 * concurrency + 2


def _copy_of(src: SourceState, canonical: str, fingerprint: str, html) -> str | None:
    """The canonical URL of the story this article page is a copy of (the same text, or the
    same text blocks with other comments or ads), else None; a first copy is remembered."""
    copy = src.texts.get(fingerprint)
    if copy is None or copy == canonical:
        copy = src.copy_of(canonical, text_blocks(html))
    if copy is None:
        src.texts.setdefault(fingerprint, canonical)
    return copy

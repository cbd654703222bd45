"""Hands each source's frontier to Scrapy a few requests at a time, within its budgets.

A source has at most `window` requests with Scrapy at once (enough to keep its download slot
busy at the configured concurrency), so every other decision waits until a request is about to
be sent: whether the rule a probe just learned makes it a duplicate, whether the chain above it
is a trap, whether the source's time or page budget is spent. When a source has nothing queued
and nothing in flight (or its time is up and its last requests came back) it is finished on
the spot, whatever the other sources are doing.
"""

from __future__ import annotations

import logging
import time

import storage

from .frontier import Entry
from .state import SourceState
from .yieldguard import DEFER, DROP

log = logging.getLogger(__name__)
MIN_TIMEOUT = 5.0  # seconds: a request sent near the end of a budget still gets this long


class Dispatcher:
    def __init__(self, spider, window: int, download_timeout: float, retries: int):
        self.spider = spider
        self.window = max(1, window)
        self.timeout = download_timeout
        self.retries = retries

    def feed(self, src: SourceState) -> int:
        """Send what the source may send now; finish it when it is done. Returns how many."""
        sent = 0
        while src.finished_at is None and len(src.inflight) < self.window:
            if self._stopped(src):
                break
            entry = src.frontier.pop()
            if entry is None:
                if src.frontier.deferred and not src.inflight:
                    src.frontier.wake(settled=True)  # nothing else can decide them now
                    continue
                break
            try:
                request = self._request(src, entry)
            except ValueError as exc:  # this source's problem: the others crawl on
                self._unrequestable(src, entry, exc)
                continue
            if request is not None:
                src.inflight.add(entry)
                src.touch()
                self.spider.crawler.engine.crawl(request)
                sent += 1
        if src.finished_at is None and not src.inflight and src.items_pending <= 0 and (
                not len(src.frontier) or self._stopped(src)):
            self.spider.finish(src)
        return sent

    def done(self, src: SourceState, entry: Entry | None) -> None:
        """A request of the source came back (answered or failed), whatever its redirects."""
        if entry is not None and entry in src.inflight:
            src.inflight.discard(entry)
            src.guard.resolve(entry.parent)

    def idle(self) -> bool:
        """Scrapy has nothing left: feed every source again; True if anything was sent."""
        sent = 0
        for src in self.spider.state.sources.values():
            for entry in list(src.inflight):  # nothing is in flight when Scrapy is idle
                self.done(src, entry)
            sent += self.feed(src)
        return sent > 0

    def tick(self) -> None:
        """Heartbeat: sources whose time ran out while they waited finish now."""
        for src in self.spider.state.sources.values():
            if src.finished_at is None and not src.inflight:
                self.feed(src)

    def _stopped(self, src: SourceState) -> bool:
        if src.requests >= src.cap:
            src.capped = True
            return True
        left = src.time_left()
        deadline = self.spider.job.deadline
        if (left is not None and left <= 0) or (deadline and time.time() >= deadline):
            if not src.out_of_time:
                src.out_of_time = True
                log.warning("%s: time budget used up after %d requests; %d URLs left for the "
                            "next run", src.source.name, src.requests, len(src.frontier))
            return True
        return False

    def _unrequestable(self, src: SourceState, entry: Entry, exc: ValueError) -> None:
        """A URL no request can be made of (a port out of range, a host Scrapy cannot
        encode) fails at once, as a download would: raised, it would end the whole crawl."""
        log.warning("%s: cannot request %s: %s", src.source.name, entry.url, exc)
        src.touch()
        if entry.probe is not None:
            src.learner.settle(entry.probe, None)
        elif not entry.guess:
            src.errors["bad_url"] += 1
        src.guard.resolve(entry.parent)
        if entry.kind == "robots":
            self.spider.seed(src, [])  # as when robots.txt does not answer

    def _request(self, src: SourceState, entry: Entry):
        url = src.rules.apply(entry.url)
        key = storage.url_key(url)
        if entry.why not in ("robots", "probe") and key in src.sent:
            src.guard.resolve(entry.parent)  # a learned rule made it a page already asked for
            return None
        if entry.why == "link":
            verdict = src.guard.decide(entry.parent, entry.settled)
            if verdict == DEFER:
                src.frontier.defer(entry)
                return None
            if verdict == DROP:
                src.guard.drop(entry.parent)
                src.guard.resolve(entry.parent)
                src.trap_capped += 1
                return None
        src.sent.add(key)
        return self.spider.build_request(src, entry, url, self._timeout(src))

    def _timeout(self, src: SourceState) -> tuple[float, int]:
        """(download timeout, retries) that fit in what is left of the source's budget."""
        left = src.time_left()
        deadline = self.spider.job.deadline
        if deadline:
            until = deadline - time.time()
            left = until if left is None else min(left, until)
        if left is None:
            return self.timeout, self.retries
        timeout = min(self.timeout, max(MIN_TIMEOUT, left))
        return timeout, self.retries if left > timeout * (self.retries + 1) else 0

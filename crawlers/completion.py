"""A source's crawl ends on its own: its figures, traps and leftover frontier are stored the
moment it is done, so later stages need not wait for the slowest source.

The crawl_stats row with `finished_at` is the source's completion marker
(`storage.finished_sources(conn, run_id)` lists them); its pages are all stored by then.
"""

from __future__ import annotations

import logging

import storage

from .state import CrawlState, SourceState
from .yieldguard import log_traps

log = logging.getLogger(__name__)


def finish_source(state: CrawlState, src: SourceState) -> None:
    """Store the source's figures with its completion marker and what it has left to do."""
    if src.finished_at is not None:
        return
    src.finished_at = storage.utcnow()
    # Requests still out (a run stopped from outside) are not lost either.
    left = [*src.inflight, *src.frontier.clear()]
    src.inflight.clear()
    saved = [_saved(src, e) for e in left if e.why not in ("robots", "probe")]
    src.frontier_left = len(saved)
    if src.capped:
        src.over_budget += len(saved)
    src.traps = src.guard.traps()
    log_traps(src.source.name, src.traps)
    with state.store.begin() as conn:
        storage.save_frontier(conn, src.source.name, saved, src.finished_at)
        storage.save_crawl_stats(conn, state.job.run_id, src.source.name,
                                 {**src.figures(), "finished_at": src.finished_at})
    log.info("%s: crawl finished: %d requests, %d new articles, %d errors%s", src.source.name,
             src.requests, src.new_articles, sum(src.errors.values()),
             f", out of time with {len(saved)} URLs left for the next run"
             if src.out_of_time else "")


def _saved(src: SourceState, entry) -> storage.FrontierEntry:
    barren = src.guard.chain(entry.parent)[0] if entry.why == "link" else 0
    return storage.FrontierEntry(entry.url, entry.kind, barren, entry.lastmod)

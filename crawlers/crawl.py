"""The crawl stage: this run's sources (or a shard of them), after closing killed crawls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import storage

from .config import CrawlSettings, CrawlSource
from .runner import run_crawl
from .summary import CrawlSummary


@dataclass(frozen=True)
class CrawlStageConfig:
    """What one crawl needs: the sources, their shared settings, the day it archives under."""

    sources: tuple[CrawlSource, ...]
    settings: CrawlSettings
    run_date: str
    archive: str | None = None  # WARC on object storage (s3://...); None: the data dir
    deadline: float | None = None  # Unix time by which every source stops (a run budget)


def crawl_stage(store: storage.Store, config: CrawlStageConfig, *, run_id: int,
                shard: tuple[int, int] | None = None,
                progress: Callable[[int, int], None] | None = None) -> CrawlSummary:
    """Crawl every source once (or the sources of `shard`), inside the caller's recorded run.

    >>> with storage.recorded_run(store, "crawl", "2026-11-30") as run:
    ...     summary = crawl_stage(store, config, run_id=run.id)
    """
    mine = shard_sources(list(config.sources), shard)
    if not mine:  # more shards than sources: this one has nothing to do
        return CrawlSummary()
    names = [s.name for s in mine]
    recover_interrupted_crawl(store, run_id, names, shard)
    started = storage.utcnow()
    try:
        return run_crawl(mine, config.settings, store.url, store.data_dir, config.run_date,
                         run_id, archive=config.archive, deadline=config.deadline)
    except BaseException:  # failed or stopped part-way (Ctrl-C, SIGTERM): as if killed
        _forget_quietly(store, names, started)
        raise


def _forget_quietly(store: storage.Store, names: list[str], started) -> None:
    """Re-fetch in full next time what this crawl stored; if the store is gone too, the next
    crawl's recovery does it (the run is not recorded as done)."""
    try:
        with store.begin() as conn:
            storage.forget_validators(conn, names, started)
    except Exception:  # noqa: BLE001 - the error being raised matters more
        pass


def recover_interrupted_crawl(store: storage.Store, run_id: int, names: list[str],
                              shard: tuple[int, int] | None) -> int:
    """Close crawls that were killed and re-fetch in full the listings they stored: their
    links may not all have been followed, and a 304 would hide them for good."""
    with store.begin() as conn:
        if shard is not None:
            storage.mark_shard(conn, run_id, shard)
        since = storage.close_interrupted(conn, "crawl", shard, run_id)
        return storage.forget_validators(conn, names, since) if since else 0


def shard_sources(sources: list[CrawlSource], shard: tuple[int, int] | None
                  ) -> list[CrawlSource]:
    """Shard i of n: every n-th source by name, so a shard's sources do not depend on
    the order of the sources file."""
    if shard is None:
        return sources
    ordered = sorted(sources, key=lambda s: s.name)
    return [s for k, s in enumerate(ordered) if k % shard[1] == shard[0]]

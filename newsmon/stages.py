"""The pipeline's stages as plain functions over settings: what the CLI and the flow call."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import storage
from storage.locks import exclusive_run, shard_run
from crawlers import CrawlSettings, CrawlSource, extract_pending, run_crawl
from dedupe import DedupeConfig, cluster_new, open_index

from .config import SourcesFile, load_sources
from .settings import Settings
from .version import USER_AGENT


def open_settings_store(settings: Settings) -> storage.Store:
    return storage.open_store(settings.store_url, settings.data_dir)


def crawl_stage(settings: Settings, run_date: str | None = None) -> dict:
    """Crawl every configured source once (or the sources of `settings.shard`)."""
    sources = load_sources(settings.config_path)
    mine = shard_sources(crawl_sources(sources), settings.shard)
    if not mine:  # more shards than sources: this one has nothing to do
        return {"requests": 0, "pages": 0, "new_articles": 0, "updated_articles": 0,
                "not_modified": 0, "errors": 0, "per_source": {}}
    names = [s.name for s in mine]

    def work(store: storage.Store, run_id: int):
        recover_interrupted_crawl(store, run_id, names, settings.shard)
        started = storage.utcnow()
        try:
            return run_crawl(mine, crawl_settings(sources), store.url, store.data_dir,
                             _day(run_date), run_id)
        except Exception:  # the crawl process failed part-way: as if it had been killed
            with store.begin() as conn:
                storage.forget_validators(conn, names, started)
            raise
    return _run_stage(settings, "crawl", work, run_date)


def recover_interrupted_crawl(store: storage.Store, run_id: int, names: list[str],
                              shard: tuple[int, int] | None) -> int:
    """Close crawls that were killed and re-fetch in full the listings they stored: their
    links may not all have been followed, and a 304 would hide them for good."""
    with store.begin() as conn:
        if shard is not None:
            storage.mark_shard(conn, run_id, shard)
        since = storage.close_interrupted(conn, "crawl", shard, run_id)
        return storage.forget_validators(conn, names, since) if since else 0


def extract_stage(settings: Settings, progress: Callable[[int, int], None] | None = None,
                  run_date: str | None = None) -> dict:
    """Extract every stored article page (of `settings.shard`) not yet extracted."""
    return _run_stage(settings, "extract", lambda store, _run: extract_pending(
        store, settings.workers, progress, shard=settings.shard), run_date)


def dedupe_stage(settings: Settings, run_date: str | None = None) -> dict:
    """Cluster every article not yet in a cluster."""
    cfg = load_sources(settings.config_path)
    config = dedupe_config(cfg)
    index_url = settings.index_url or cfg.dedupe.index
    if index_url:  # an unreachable index: one line before a run is even recorded
        open_index(index_url, settings.store_url, settings.data_dir or Path("."))
    return _run_stage(settings, "dedupe", lambda store, _run: cluster_new(
        store, config, index_url=index_url, shard=settings.shard), run_date)


def shard_sources(sources: list[CrawlSource], shard: tuple[int, int] | None
                  ) -> list[CrawlSource]:
    """Shard i of n: every n-th source by name, so a shard's sources do not depend on
    the order of the sources file."""
    if shard is None:
        return sources
    ordered = sorted(sources, key=lambda s: s.name)
    return [s for k, s in enumerate(ordered) if k % shard[1] == shard[0]]


def _day(run_date: str | None) -> str:
    return run_date or date.today().isoformat()


def _run_stage(settings: Settings, stage: str,
               work: Callable[[storage.Store, int], object], run_date: str | None) -> dict:
    """Open the store, record the stage in `runs`, do the work, record how it ended."""
    store = open_settings_store(settings)
    run_id = None
    try:
        with _run_lock(store, stage, settings.shard):
            with store.begin() as conn:
                run_id = storage.start_run(conn, stage, _day(run_date))
            figures = _as_dict(work(store, run_id))
            _finish(store, run_id, figures)
        return {"run_id": run_id, **figures}
    except BaseException as exc:
        _finish(store, run_id, None, exc)
        raise
    finally:
        store.close()


def _run_lock(store: storage.Store, stage: str, shard: tuple[int, int] | None):
    """The whole store for a run; only its own shard for one piece of a sharded run (the
    flow that dispatched it holds the whole store meanwhile)."""
    if shard is None:
        return exclusive_run(store, stage)
    return shard_run(store, stage, *shard)


def _finish(store: storage.Store, run_id: int | None, figures: dict | None,
            exc: BaseException | None = None) -> None:
    if run_id is None:
        return
    error = f"{type(exc).__name__}: {exc}".splitlines()[0] if exc else None
    with store.begin() as conn:
        storage.finish_run(conn, run_id, figures, error)


def _as_dict(summary: object) -> dict:
    if dataclasses.is_dataclass(summary):
        return dataclasses.asdict(summary)
    return dict(summary)  # type: ignore[arg-type]


def crawl_sources(cfg: SourcesFile) -> list[CrawlSource]:
    return [CrawlSource(name=s.name, url=s.url, feeds=tuple(s.feeds), sitemaps=tuple(s.sitemaps),
                        max_pages=s.max_pages) for s in cfg.sources]


def crawl_settings(cfg: SourcesFile) -> CrawlSettings:
    c = cfg.crawl
    return CrawlSettings(user_agent=c.user_agent or USER_AGENT, obey_robots=c.obey_robots,
                         concurrency_per_host=c.concurrency_per_host,
                         download_delay=c.download_delay,
                         max_pages_per_source=c.max_pages_per_source,
                         max_page_bytes=c.max_page_bytes,
                         max_minutes_per_source=c.max_minutes_per_source)


def dedupe_config(cfg: SourcesFile) -> DedupeConfig:
    default = DedupeConfig()
    return dataclasses.replace(default, window_days=cfg.dedupe.window_days,
                               threshold=cfg.dedupe.threshold or default.threshold)

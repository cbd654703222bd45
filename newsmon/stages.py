"""The pipeline's stages as plain functions over settings: what the CLI and the flow call."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import storage
from storage.locks import exclusive_run
from crawlers import CrawlSettings, CrawlSource, extract_pending, run_crawl
from dedupe import DedupeConfig, cluster_new

from .config import SourcesFile, load_sources
from .settings import Settings
from .version import USER_AGENT


def open_settings_store(settings: Settings) -> storage.Store:
    return storage.open_store(settings.store_url, settings.data_dir)


def crawl_stage(settings: Settings, run_date: str | None = None) -> dict:
    """Crawl every configured source once; returns the run's figures."""
    sources = load_sources(settings.config_path)
    return _run_stage(settings, "crawl", lambda store, run_id: run_crawl(
        crawl_sources(sources), crawl_settings(sources), store.url, store.data_dir,
        _day(run_date), run_id), run_date)


def extract_stage(settings: Settings, progress: Callable[[int, int], None] | None = None,
                  run_date: str | None = None) -> dict:
    """Extract every stored article page not yet extracted by the current parser."""
    return _run_stage(settings, "extract", lambda store, _run: extract_pending(
        store, settings.workers, progress), run_date)


def dedupe_stage(settings: Settings, run_date: str | None = None) -> dict:
    """Cluster every article not yet in a cluster."""
    config = dedupe_config(load_sources(settings.config_path))
    return _run_stage(settings, "dedupe", lambda store, _run: cluster_new(store, config),
                      run_date)


def _day(run_date: str | None) -> str:
    return run_date or date.today().isoformat()


def _run_stage(settings: Settings, stage: str,
               work: Callable[[storage.Store, int], object], run_date: str | None) -> dict:
    """Open the store, record the stage in `runs`, do the work, record how it ended."""
    store = open_settings_store(settings)
    run_id = None
    try:
        with exclusive_run(store, stage):
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
                         max_page_bytes=c.max_page_bytes)


def dedupe_config(cfg: SourcesFile) -> DedupeConfig:
    default = DedupeConfig()
    return dataclasses.replace(default, window_days=cfg.dedupe.window_days,
                               threshold=cfg.dedupe.threshold or default.threshold)

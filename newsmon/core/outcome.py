"""What a crawl's outcome means for the user: the problem lines and whether anything worked."""

from __future__ import annotations

from dataclasses import dataclass

from crawlers import crawl_log_path

from .health import every_source_failed, source_problems
from .settings import Settings, open_settings_store
from .sources import ConfigError, load_sources
from .stages import StageResult


@dataclass(frozen=True)
class CrawlOutcome:
    problems: tuple[str, ...]  # one line per source that needs a look
    all_failed: bool  # not one source could be fetched


def crawl_outcome(settings: Settings, crawl: StageResult, run_date: str) -> CrawlOutcome:
    """Each failed source with its URL, the reason and the crawl log(s) to read."""
    try:
        urls = {s.name: s.url for s in load_sources(settings.config_path).sources}
    except ConfigError:  # the file changed since the run began: names only
        urls = {}
    store = open_settings_store(settings)
    try:
        logs = [crawl_log_path(store.data_dir, run_date, run_id) for run_id in crawl.run_ids]
    finally:
        store.close()
    summary = crawl.summary
    return CrawlOutcome(tuple(source_problems(summary, urls, [p for p in logs if p.exists()])),
                        every_source_failed(summary))

"""The stage registry: every stage's function, how its config is built, one way to run it.

Each stage has one shape (datatrove's PipelineStep is the model): a function in its own
package, `stage(store, config, *, run_id, shard, progress) -> <Stage>Summary`, called
inside `storage.recorded_run`. The CLI and the flows both run stages only through here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import crawlers
import dedupe
import storage
from crawlers.summary import summarize

from .settings import Settings, open_settings_store
from .sources import SourcesFile, load_sources
from .version import USER_AGENT

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Stage:
    """One stage: its function (by name, in a lazily loaded package), its config builder,
    and how its summary is read back from JSON and joined over shards."""

    name: str
    function: Callable[[], Callable[..., Any]]
    configure: Callable[[Settings, str], Any]  # (settings, run date) -> the stage's config
    from_dict: Callable[[dict], Any]
    merge: Callable[[Sequence[Any]], Any]


@dataclass(frozen=True)
class StageResult:
    """A stage's summary and the `runs` rows that recorded it (one per shard)."""

    stage: str
    run_ids: tuple[int, ...]
    summary: Any

    @property
    def run_id(self) -> int | None:
        """The first run's id: what the report's run-bound queries use."""
        return self.run_ids[0] if self.run_ids else None

    def to_dict(self) -> dict:
        """JSON for the Prefect and `runs` boundary: the figures plus `run_id`."""
        extra = {"run_ids": list(self.run_ids)} if len(self.run_ids) > 1 else {}
        return {"run_id": self.run_id, **extra, **summary_dict(self.summary)}

    @classmethod
    def from_dict(cls, stage: str, data: dict) -> StageResult:
        ids = data.get("run_ids") or ([data["run_id"]] if data.get("run_id") is not None else [])
        return cls(stage, tuple(ids), STAGES[stage].from_dict(data))


def run_stage(name: str, settings: Settings, run_date: str | None = None,
              progress: Progress | None = None) -> StageResult:
    """Run one stage over the store `settings` names (only `settings.shard` of it, if set).

    The config is built first, so a bad sources file or an unreachable index costs one
    line before any run is recorded.
    """
    stage = STAGES[name]
    day = run_date or date.today().isoformat()
    config = stage.configure(settings, day)
    store = open_settings_store(settings)
    try:
        with storage.recorded_run(store, name, day, settings.shard) as run:
            summary = stage.function()(store, config, run_id=run.id, shard=settings.shard,
                                       progress=progress)
            run.figures = summary_dict(summary)
        return StageResult(name, (run.id,), summary)
    finally:
        store.close()


def stop_crawls(why: BaseException | None = None) -> None:
    """Stop the crawl processes this process runs (cleanly: each keeps its frontier), as
    `why` (Ctrl-C, SIGTERM) stops this process."""
    from crawlers.runner import stop_running

    signum = getattr(why, "signum", None) or getattr(why, "signal", None)
    stop_running(signum if isinstance(signum, int) else None)


def merge_results(name: str, parts: Sequence[StageResult]) -> StageResult:
    """Several shards' results as one stage's: figures joined, every run id kept."""
    ids = tuple(i for part in parts for i in part.run_ids)
    return StageResult(name, ids, STAGES[name].merge([p.summary for p in parts]))


def summary_dict(summary: Any) -> dict:
    return dataclasses.asdict(summary)


def _summed(cls: type) -> Callable[[Sequence[Any]], Any]:
    """Merge flat summaries by summing their numbers (flags and the like keep defaults)."""
    def merge(parts: Sequence[Any]) -> Any:
        numbers = {f.name: sum(getattr(p, f.name) for p in parts)
                   for f in dataclasses.fields(cls) if f.type in ("int", int)}
        return cls(**numbers)
    return merge


def _flat(cls: type) -> Callable[[dict], Any]:
    def from_dict(data: dict) -> Any:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
    return from_dict


# Config builders: the sources file and settings, as each stage's own frozen config.

def _crawl_config(settings: Settings, run_date: str) -> crawlers.CrawlStageConfig:
    cfg = load_sources(settings.config_path)
    return crawlers.CrawlStageConfig(tuple(crawl_sources(cfg)), crawl_settings(cfg), run_date,
                                     settings.archive, settings.deadline)


def _extract_config(settings: Settings, run_date: str) -> crawlers.ExtractStageConfig:
    # needs no sources file
    return crawlers.ExtractStageConfig(workers=settings.workers, archive=settings.archive,
                                       sources=settings.extract_sources)


def _dedupe_config(settings: Settings, run_date: str) -> dedupe.DedupeStageConfig:
    cfg = load_sources(settings.config_path)
    index_url = settings.index_url or cfg.dedupe.index
    if index_url:  # an unreachable index: one line before a run is even recorded
        dedupe.open_index(index_url, settings.store_url, settings.data_dir or Path("."))
    return dedupe.DedupeStageConfig(dedupe_config(cfg), index_url)


def crawl_sources(cfg: SourcesFile) -> list[crawlers.CrawlSource]:
    return [crawlers.CrawlSource(name=s.name, url=s.url, feeds=tuple(s.feeds),
                                 sitemaps=tuple(s.sitemaps), max_pages=s.max_pages)
            for s in cfg.sources]


def crawl_settings(cfg: SourcesFile) -> crawlers.CrawlSettings:
    c = cfg.crawl
    return crawlers.CrawlSettings(user_agent=c.user_agent or USER_AGENT,
                                  obey_robots=c.obey_robots,
                                  concurrency_per_host=c.concurrency_per_host,
                                  download_delay=c.download_delay,
                                  max_pages_per_source=c.max_pages_per_source,
                                  max_page_bytes=c.max_page_bytes,
                                  max_minutes_per_source=c.max_minutes_per_source)


def dedupe_config(cfg: SourcesFile) -> dedupe.DedupeConfig:
    default = dedupe.DedupeConfig()
    return dataclasses.replace(default, window_days=cfg.dedupe.window_days,
                               threshold=cfg.dedupe.threshold or default.threshold)


def _crawl_merge(parts: Sequence[Any]) -> Any:
    return summarize({n: f for p in parts for n, f in p.per_source.items()})


STAGES: dict[str, Stage] = {
    "crawl": Stage("crawl", lambda: crawlers.crawl_stage, _crawl_config,
                   lambda d: crawlers.CrawlSummary.from_dict(d), _crawl_merge),
    "extract": Stage("extract", lambda: crawlers.extract_stage, _extract_config,
                     lambda d: _flat(crawlers.ExtractSummary)(d),
                     lambda parts: _summed(crawlers.ExtractSummary)(parts)),
    "dedupe": Stage("dedupe", lambda: dedupe.dedupe_stage, _dedupe_config,
                    lambda d: _flat(dedupe.DedupeSummary)(d),
                    lambda parts: _summed(dedupe.DedupeSummary)(parts)),
}

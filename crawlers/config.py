"""Crawl configuration: frozen objects the composition root builds and the crawl subprocess reads.

They cross a process boundary, so they (de)serialize to plain JSON; nothing here reads the
environment or the sources file (that is `newsmon`'s job).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class CrawlSource:
    """One news site: its homepage plus any feeds and sitemaps the user named."""

    name: str
    url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    max_pages: int | None = None


# Measured (bench/crawl_budget.py): see README / the report of issue 11.
DEFAULT_MINUTES_PER_SOURCE = 15.0


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and size limits shared by every source of a run (sources.yaml `crawl:`)."""

    user_agent: str
    obey_robots: bool = True
    concurrency_per_host: int = 2
    download_delay: float = 1.0
    max_pages_per_source: int = 5000
    max_page_bytes: int = 10_000_000
    # A source's time budget per run; what it did not fetch goes first next run. 0: none.
    max_minutes_per_source: float = DEFAULT_MINUTES_PER_SOURCE


@dataclass(frozen=True)
class CrawlJob:
    """Everything the crawl subprocess needs, written to a temp JSON file by the runner."""

    sources: tuple[CrawlSource, ...]
    settings: CrawlSettings
    store_url: str
    data_dir: str
    run_date: str
    run_id: int
    summary_file: str = ""
    extra: dict = field(default_factory=dict)  # Scrapy setting overrides (tests, tuning)
    progress_file: str = ""  # live per-source progress (crawlers.progress), "" for none
    deadline: float = 0.0  # Unix time when every source must stop (a run budget), 0: none
    archive: str = ""  # where WARC goes when not under data_dir (e.g. s3://bucket/prefix)

    def page_cap(self, source: CrawlSource) -> int:
        """The request budget of one source: its own cap, never above the run-wide one."""
        cap = self.settings.max_pages_per_source
        return min(cap, source.max_pages) if source.max_pages else cap


def job_to_json(job: CrawlJob) -> str:
    return json.dumps(asdict(job), indent=2, sort_keys=True)


def job_from_json(text: str) -> CrawlJob:
    data = json.loads(text)
    sources = tuple(
        CrawlSource(name=s["name"], url=s["url"], feeds=tuple(s.get("feeds") or ()),
                    sitemaps=tuple(s.get("sitemaps") or ()), max_pages=s.get("max_pages"))
        for s in data["sources"])
    return CrawlJob(sources=sources, settings=CrawlSettings(**data["settings"]),
                    store_url=data["store_url"], data_dir=data["data_dir"],
                    run_date=data["run_date"], run_id=int(data["run_id"]),
                    summary_file=data.get("summary_file", ""), extra=data.get("extra") or {},
                    progress_file=data.get("progress_file", ""),
                    deadline=float(data.get("deadline") or 0.0),
                    archive=data.get("archive", ""))


def write_job(job: CrawlJob, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(job_to_json(job), encoding="utf-8")
    return path


def read_job(path: str | Path) -> CrawlJob:
    return job_from_json(Path(path).read_text(encoding="utf-8"))

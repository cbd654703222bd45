"""Crawl subprocess entry point: `python -m crawlers.process JOB.json`.

Twisted's reactor cannot be restarted inside one process, so every crawl gets a fresh one.
Writes the run's figures to the job's summary file, which the parent reads back.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from . import settings as settings_module
from .config import CrawlJob, read_job
from .settings import overrides
from .spiders.news import NewsSpider


def scrapy_settings(job: CrawlJob) -> Settings:
    """The settings module, then the user's `crawl:` section, then the job's own overrides."""
    settings = Settings()
    settings.setmodule(settings_module, priority="project")
    settings.update(overrides(job.settings), priority="cmdline")
    settings.update(job.extra, priority="cmdline")
    return settings


class _CrawlerProcess(CrawlerProcess):
    """Scrapy's process, but a second Ctrl-C/SIGTERM does not force an unclean stop: a
    service manager's SIGTERM and the parent's SIGINT often both arrive, and the clean close
    saves every source's frontier. The parent kills the crawl if closing takes too long."""

    def _signal_kill(self, signum: int, _) -> None:
        pass


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m crawlers.process JOB.json", file=sys.stderr)
        return 2
    job_file = argv[0]
    job = read_job(job_file)
    process = _CrawlerProcess(scrapy_settings(job))
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, job_file=job_file)
    process.start()
    spider = getattr(crawler, "spider", None)
    if getattr(spider, "state", None) is None:
        return 1  # the spider never started; Scrapy has logged why
    figures = {name: src.figures() for name, src in spider.state.sources.items()}
    spider.state.close()
    if job.summary_file:
        Path(job.summary_file).write_text(json.dumps({"per_source": figures}, indent=2))
    # A crawl that finished without even closing cleanly has no reason to look successful.
    reason = crawler.stats.get_value("finish_reason")
    return 0 if reason == "finished" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

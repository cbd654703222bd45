"""Crawl stage (Scrapy in a subprocess, WARC + page rows) and extract stage (process pool).

>>> from crawlers import CrawlStageConfig, crawl_stage, ExtractStageConfig, extract_stage

Exports load lazily (PEP 562): importing `crawlers.parsers` must not drag in storage or
Scrapy, and Python always runs this file first.
"""

from importlib import import_module

_EXPORTS = {
    "CrawlError": ".runner", "run_crawl": ".runner", "crawl_log_path": ".runner",
    "CrawlSummary": ".summary", "SourceFigures": ".summary",
    "CrawlStageConfig": ".crawl", "crawl_stage": ".crawl", "shard_sources": ".crawl",
    "recover_interrupted_crawl": ".crawl",
    "CrawlSettings": ".config", "CrawlSource": ".config",
    "ExtractStageConfig": ".extraction", "ExtractSummary": ".extraction",
    "extract_pending": ".extraction", "extract_stage": ".extraction", "read_body": ".warc",
    "progress_path": ".progress", "read_progress": ".progress",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'crawlers' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)

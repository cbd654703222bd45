"""Crawl stage (Scrapy in a subprocess, WARC + page rows) and extract stage (process pool).

>>> from crawlers import CrawlSettings, CrawlSource, run_crawl, extract_pending

Exports load lazily (PEP 562): importing `crawlers.parsers` must not drag in storage or
Scrapy, and Python always runs this file first.
"""

from importlib import import_module

_EXPORTS = {
    "CrawlError": ".runner", "CrawlSummary": ".runner", "run_crawl": ".runner",
    "stored_summary": ".runner", "CrawlSettings": ".config", "CrawlSource": ".config",
    "ExtractSummary": ".extraction", "extract_pending": ".extraction", "read_body": ".warc",
    "progress_path": ".progress", "read_progress": ".progress",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'crawlers' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)

"""Crawl stage (Scrapy in a subprocess, WARC + page rows) and extract stage (process pool).

>>> from crawlers import CrawlSettings, CrawlSource, run_crawl, extract_pending
"""

from .config import CrawlSettings, CrawlSource
from .extraction import ExtractSummary, extract_pending
from .runner import CrawlError, CrawlSummary, run_crawl, stored_summary
from .warc import read_body

__all__ = [
    "CrawlError", "CrawlSettings", "CrawlSource", "CrawlSummary", "ExtractSummary",
    "extract_pending", "read_body", "run_crawl", "stored_summary",
]

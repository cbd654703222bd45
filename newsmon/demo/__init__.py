"""The bundled demo web: fictional news sites served on loopback, with ground truth.

Used by ``newsmon demo`` / ``make demo`` and by the end-to-end tests. Standard library and
Jinja2 only; nothing here imports Scrapy or the pipeline.
"""

from .handler import LoggedRequest
from .sites import SITES, DemoSite, SiteSpec
from .sourcesfile import sources_yaml, write_sources_yaml
from .stories import DEMO_DATE, Story, load_stories
from .truth import (
    PRIVATE_PAGE_MARKER,
    ExpectedArticle,
    disallowed_urls,
    expected_articles,
    listing_urls,
    machine_urls,
)
from .web import DemoWeb

__all__ = [
    "DEMO_DATE",
    "PRIVATE_PAGE_MARKER",
    "SITES",
    "DemoSite",
    "DemoWeb",
    "ExpectedArticle",
    "LoggedRequest",
    "SiteSpec",
    "Story",
    "disallowed_urls",
    "expected_articles",
    "listing_urls",
    "load_stories",
    "machine_urls",
    "sources_yaml",
    "write_sources_yaml",
]

"""What the spider hands the pipeline: a fetched response, a 304, or a URL without a body."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class FetchedPage:
    """A 2xx response as fetched (body already decompressed by Scrapy), and what it is."""

    source: str
    requested_url: str  # before redirects: the page row is keyed by this URL
    url: str  # after redirects
    status: int
    headers: list[tuple[str, str]]
    body: bytes = field(repr=False)
    kind: str  # article | listing | feed | sitemap | other
    rel_canonical: str | None
    fetched_at: datetime
    redirect_urls: list[str] = field(default_factory=list)  # hops before `url`, if any

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass
class NotModified:
    """A 304 answer to a conditional GET: the stored copy is still current."""

    source: str
    requested_url: str
    fetched_at: datetime


@dataclass
class Stub:
    """A URL answered without a page worth keeping (a PDF at an article-like URL...), or a
    copy of an article already fetched this run under another URL (kind `alias`)."""

    source: str
    url: str
    kind: str  # other | alias
    status: int
    content_type: str | None
    fetched_at: datetime
    canonical_url: str | None = None  # for an alias: the article it is a copy of

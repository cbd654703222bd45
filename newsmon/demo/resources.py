"""A pre-rendered response body with the validators and encodings the server offers."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
SVG = "image/svg+xml; charset=utf-8"


@dataclass(frozen=True)
class Resource:
    """One servable document, rendered once; ``etag`` is the quoted strong ETag."""

    body: bytes
    content_type: str
    last_modified: datetime
    etag: str
    gzipped: bytes

    @classmethod
    def build(cls, body: str | bytes, content_type: str, last_modified: datetime) -> Resource:
        data = body.encode("utf-8") if isinstance(body, str) else body
        digest = hashlib.sha256(data).hexdigest()[:20]
        # mtime=0 keeps the compressed bytes identical from one run to the next.
        return cls(data, content_type, last_modified.replace(microsecond=0), f'"{digest}"',
                   gzip.compress(data, mtime=0))

    @property
    def gzip_etag(self) -> str:
        """ETag of the gzip-encoded representation (a different entity, so a different tag)."""
        return self.etag[:-1] + '-gz"'

    @property
    def http_date(self) -> str:
        return format_datetime(self.last_modified, usegmt=True)

"""The archived copy of a member page: its response as the crawler stored it in the WARC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import storage
from crawlers.warc import read_body


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    fetched_at: datetime
    content_type: str | None
    body: bytes | None  # None: never archived, or its WARC file is gone
    same_body: bool  # the body the shown article text was extracted from
    missing: str | None = None  # why there is no body


def archived_page(store: storage.Store, article_id: str) -> ArchivedPage | None:
    """The article's page as fetched (its latest fetch); None for an unknown article."""
    with store.connect() as conn:
        copy = storage.archived_copy(conn, article_id)
    if copy is None:
        return None
    def page(content_type: str | None, body: bytes | None, missing: str | None = None):
        return ArchivedPage(copy.url, copy.last_fetched_at, content_type, body, copy.same_body,
                            missing)
    if copy.warc_file is None or copy.warc_offset is None:
        return page(None, None, "this page was never archived")
    try:
        headers, body = read_body(store.data_dir, copy.warc_file, copy.warc_offset)
    except (OSError, ValueError, StopIteration) as exc:
        return page(None, None, f"its archive {copy.warc_file} cannot be read ({exc})")
    return page(headers.get("content-type") or copy.content_type, body)

"""An article whose headline, text, byline and URL are attacks, stored as the crawler would."""

from __future__ import annotations

from datetime import datetime, timezone

import storage
from newsmon.core.settings import Settings

XSS_TITLE = "<script>alert(1)</script>"
XSS_TEXT = ("First paragraph <img src=x onerror=alert(2)> of a hostile page.\n"
            "Second paragraph with </p><script>alert(3)</script> inside.")
XSS_URL = "javascript:alert(4)//news"


def add_hostile_article(settings: Settings) -> tuple[str, str]:
    """An article whose headline, text and URL are attacks, in a cluster of its own."""
    store = storage.open_store(settings.store_url, settings.data_dir)
    now = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
    article_id = storage.article_id("daily-planet", XSS_URL)
    with store.begin() as conn:
        page_id, _ = storage.record_fetch(conn, storage.PageFetch(
            source="daily-planet", url_key=XSS_URL, url=XSS_URL, canonical_url=XSS_URL,
            kind="article", status=200, content_type="text/html", etag=None,
            last_modified=None, body_hash="f" * 64, body_bytes=10, warc_file=None,
            warc_offset=None, warc_length=None, fetched_at=now))
        storage.save_article(conn, storage.ArticleVersion(
            article_id=article_id, page_id=page_id, body_hash="f" * 64, parser_version="test",
            status="ok", source="daily-planet", url=XSS_URL, canonical_url=XSS_URL,
            title=XSS_TITLE, author="<b>Mallory</b>", published=now, language="en",
            text=XSS_TEXT, content_hash=storage.content_hash(XSS_TEXT), fetched_at=now,
            extracted_at=now))
        cluster_id = "c" + article_id
        storage.save_memberships(conn, [storage.NewMembership(
            article_id, cluster_id, 1.0, None, "founder")], "test", now)
    store.close()
    return article_id, cluster_id

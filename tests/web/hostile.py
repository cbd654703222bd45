"""An article whose headline, text, byline and URL are attacks, stored as the crawler would."""

from __future__ import annotations

from datetime import datetime, timezone

import storage
from newsmon.core.settings import Settings

XSS_TITLE = "<script>alert(1)</script>"
XSS_TEXT = ("First paragraph <img src=x onerror=alert(2)> of a hostile page.\n"
            "Second paragraph with </p><script>alert(3)</script> inside.")
XSS_URL = "javascript:alert(4)//news"
# The page as archived: scripts, a redirect, outside loads, a form. Shown sandboxed, none of
# it may run or load (port 9 on loopback: nothing listens, so nothing leaves the machine).
OUTSIDE = "http://127.0.0.1:9"
ARCHIVED_HTML = f"""<!doctype html><html><head><title>Hostile archived page</title>
<meta http-equiv="refresh" content="1; url={OUTSIDE}/refresh">
<link rel="stylesheet" href="{OUTSIDE}/style.css">
<script>document.title = "script ran"; fetch("{OUTSIDE}/fetch");</script>
<style>h1 {{ color: rgb(200, 0, 0); }}</style></head>
<body><h1 id="archived-title">As it was published</h1>
<p id="archived-text">The archived paragraph.</p>
<img src="{OUTSIDE}/beacon.gif" alt="beacon">
<iframe src="{OUTSIDE}/frame"></iframe>
<form action="{OUTSIDE}/post" method="post"><button id="send">send</button></form>
<img src=x onerror="document.title='onerror ran'">
</body></html>""".encode()


def add_hostile_article(settings: Settings) -> tuple[str, str]:
    """An article whose headline, text and URL are attacks, in a cluster of its own."""
    from crawlers.items import FetchedPage
    from crawlers.warc import WarcArchive

    store = storage.open_store(settings.store_url, settings.data_dir)
    now = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
    article_id = storage.article_id("daily-planet", XSS_URL)
    archive = WarcArchive(store.data_dir, "2026-11-25", 999)
    # The crawler fetches http(s) only (and warcio parses HTTP records of such URLs only).
    fetched = f"{OUTSIDE}/news/hostile"
    warc_file, offset, length = archive.write(FetchedPage(
        source="daily-planet", requested_url=fetched, url=fetched, status=200,
        headers=[("Content-Type", "text/html; charset=utf-8")], body=ARCHIVED_HTML,
        kind="article", rel_canonical=None, fetched_at=now))
    archive.close()
    with store.begin() as conn:
        page_id, _ = storage.record_fetch(conn, storage.PageFetch(
            source="daily-planet", url_key=XSS_URL, url=XSS_URL, canonical_url=XSS_URL,
            kind="article", status=200, content_type="text/html", etag=None,
            last_modified=None, body_hash="f" * 64, body_bytes=len(ARCHIVED_HTML),
            warc_file=warc_file, warc_offset=offset, warc_length=length, fetched_at=now))
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

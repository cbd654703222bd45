"""extract_pending learns each source's boilerplate from its stored pages (a real SQLite store + WARC)."""
from __future__ import annotations

import sys
from pathlib import Path

import storage
from crawlers import extract_pending
from crawlers.extraction import source_profiles
from crawlers.items import FetchedPage
from crawlers.warc import WarcArchive

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parsers"))
from oldweb import CHROME, site_pages  # noqa: E402


def _store(store, archive, source, page):
    fetched = FetchedPage(source=source, requested_url=page.url, url=page.url, status=200,
                          headers=[("Content-Type", "text/html; charset=utf-8")], body=page.html.encode(),
                          kind="article", rel_canonical=None, fetched_at=storage.utcnow())
    warc_file, offset, length = archive.write(fetched)
    with store.begin() as conn:
        storage.ensure_source(conn, source, page.url, storage.utcnow())
        storage.record_fetch(conn, storage.PageFetch(
            source=source, url_key=storage.url_key(page.url), url=page.url,
            canonical_url=storage.canonical_url(page.url), kind="article", status=200,
            content_type="text/html; charset=utf-8", etag=None, last_modified=None,
            body_hash=storage.body_hash(fetched.body), body_bytes=len(fetched.body), warc_file=warc_file,
            warc_offset=offset, warc_length=length, fetched_at=fetched.fetched_at))


def test_each_source_gets_its_own_profile_and_exports_no_chrome(tmp_path):
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    archive = WarcArchive(tmp_path, "2024-05-01", 1)
    sites = {"valley": ("table", site_pages("table", "Valley Courier", count=6)),
             "coast": ("amp", site_pages("amp", "Coast Wire", count=6))}
    for source, (_, pages) in sites.items():
        for page in pages:
            _store(store, archive, source, page)
    archive.close()
    first = source_profiles(store, set(sites), workers=1)
    assert first == source_profiles(store, set(sites), workers=1)  # same store, same profile
    summary = extract_pending(store, workers=1)
    assert (summary.pages, summary.articles) == (12, 12)
    with store.connect() as conn:
        for source, (family, pages) in sites.items():
            for page in pages:
                text = storage.current_article(conn, storage.article_id(source, page.url)).text
                assert not [c for c in CHROME[family] if c in text]
                assert all(par in text for par in page.paragraphs)
    assert extract_pending(store, workers=1).pages == 0  # idempotent: a rerun adds nothing
    store.close()

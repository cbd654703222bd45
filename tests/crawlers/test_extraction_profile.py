"""extract_pending learns each source's boilerplate from its stored pages (a real SQLite store + WARC)."""
from __future__ import annotations

import sys
from dataclasses import replace
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


def _two_sites(tmp_path, count=6):
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    archive = WarcArchive(tmp_path, "2024-05-01", 1)
    sites = {"valley": site_pages("table", "Valley Courier", count=count),
             "coast": site_pages("amp", "Coast Wire", count=count)}
    for source, pages in sites.items():
        for page in pages:
            _store(store, archive, source, page)
    archive.close()
    return store, sites


def test_a_rerun_on_the_same_sample_reuses_the_stored_profile(tmp_path):
    store, sites = _two_sites(tmp_path)
    first = source_profiles(store, set(sites), workers=1)
    assert all(first[s] for s in sites)
    # With the WARC records gone nothing could be parsed: the profile must come from the store.
    warcs = [p for p in tmp_path.rglob("*.warc.gz")]
    for p in warcs:
        p.rename(p.with_suffix(".gone"))
    assert source_profiles(store, set(sites), workers=1) == first
    store.close()


def test_a_new_sample_is_learnt_again_and_replaces_the_old_profile(tmp_path):
    store, sites = _two_sites(tmp_path, count=4)
    source_profiles(store, {"valley"}, workers=1)
    archive = WarcArchive(tmp_path, "2024-05-02", 1)
    for page in site_pages("table", "Valley Courier", count=3, seed=9):
        # New stories at new URLs: lower body hashes may enter the sample.
        _store(store, archive, "valley", replace(page, url=page.url.replace("/news/", "/later/")))
    archive.close()
    with store.connect() as conn:
        sample = storage.profile_sample(conn, "valley", 5)
        everything = storage.profile_sample(conn, "valley", 100)
    assert len(sample) == 5 and len(everything) == 7
    assert [p.body_hash for p in sample] == sorted(p.body_hash for p in everything)[:5]
    again = source_profiles(store, {"valley"}, workers=1)
    with store.connect() as conn:
        rows = conn.exec_driver_sql("SELECT source, pages FROM site_profiles").fetchall()
    assert rows == [("valley", 7)] and again["valley"]
    store.close()

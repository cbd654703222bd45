"""Crawler pieces that need no crawl: config hand-over, WARC round trip, extraction, errors."""

from __future__ import annotations

import pytest
from tests.crawlers.conftest import new_run
from crawl_testweb import article_html

import storage
from crawlers import (
    CrawlError,
    CrawlSettings,
    CrawlSource,
    extract_pending,
    read_body,
    run_crawl,
)
from crawlers.config import CrawlJob, job_from_json, job_to_json
from crawlers.items import FetchedPage
from crawlers.warc import WarcArchive


def test_job_round_trips_through_json():
    job = CrawlJob(sources=(CrawlSource("a", "https://a.example/", feeds=("https://a.example/f",),
                                        max_pages=10), CrawlSource("b", "https://b.example/")),
                   settings=CrawlSettings("ua/1", download_delay=0.0), store_url="sqlite:///x.db",
                   data_dir="/tmp/x", run_date="2024-05-01", run_id=3, extra={"LOG_LEVEL": "DEBUG"})
    assert job_from_json(job_to_json(job)) == job
    assert job.page_cap(job.sources[0]) == 10
    assert job.page_cap(job.sources[1]) == 5000


def _page(path: str, body: bytes, kind: str = "article") -> FetchedPage:
    return FetchedPage(source="s", requested_url=f"http://h.test{path}", url=f"http://h.test{path}",
                       status=200, headers=[("Content-Type", "text/html; charset=utf-8"),
                                            ("Content-Encoding", "gzip")],
                       body=body, kind=kind, rel_canonical=None, fetched_at=storage.utcnow())


def test_warc_records_read_back_by_offset_even_after_reopening(tmp_path):
    first = WarcArchive(tmp_path, "2024-05-01", 1)
    a = first.write(_page("/a", b"<p>alpha</p>"))
    first.close()
    second = WarcArchive(tmp_path, "2024-05-01", 1)  # a rerun appends to the same file
    b = second.write(_page("/b", b"<p>beta</p>" * 1000))
    second.close()
    assert a[0] == b[0] == "warc/2024-05-01/s-1.warc.gz" and b[1] == a[1] + a[2]
    headers, body = read_body(tmp_path, b[0], b[1])
    assert body == b"<p>beta</p>" * 1000
    assert "content-encoding" not in headers  # the body is stored decoded
    assert read_body(tmp_path, a[0], a[1])[1] == b"<p>alpha</p>"


def _store_page(store, archive, path, body):
    page = _page(path, body)
    warc_file, offset, length = archive.write(page)
    with store.begin() as conn:
        storage.ensure_source(conn, "s", "http://h.test/", storage.utcnow())
        storage.record_fetch(conn, storage.PageFetch(
            source="s", url_key=storage.url_key(page.url), url=page.url,
            canonical_url=storage.canonical_url(page.url), kind="article", status=200,
            content_type="text/html; charset=utf-8", etag=None, last_modified=None,
            body_hash=storage.body_hash(body), body_bytes=len(body), warc_file=warc_file,
            warc_offset=offset, warc_length=length, fetched_at=page.fetched_at))


def test_extract_pending_statuses_and_resume(tmp_path):
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    archive = WarcArchive(tmp_path, "2024-05-01", 1)
    _store_page(store, archive, "/news/good", article_html("good", "Good story").encode())
    _store_page(store, archive, "/news/empty", b"<html><body></body></html>")
    archive.close()
    _store_page(store, WarcArchive(tmp_path, "2024-05-01", 2), "/news/lost",
                article_html("lost", "Lost").encode())
    (tmp_path / "warc/2024-05-01/s-2.warc.gz").unlink()  # its archive went missing
    seen = []
    summary = extract_pending(store, workers=1, progress=lambda done, total: seen.append((done, total)))
    assert (summary.pages, summary.articles, summary.empty, summary.errors) == (3, 1, 1, 1)
    assert seen[-1] == (3, 3)
    with store.connect() as conn:
        good = storage.current_article(conn, storage.article_id("s", "http://h.test/news/good"))
    assert good.title == "Good story" and "twelve hectares" in good.text
    assert good.published is not None and good.content_hash == storage.content_hash(good.text)
    # A missing archive writes no row, so a later run retries that page (and only that one).
    assert extract_pending(store, workers=1).pages == 1
    store.close()


def test_failing_crawl_process_raises_one_line_error(tmp_path):
    with pytest.raises(CrawlError) as caught:
        run_crawl([CrawlSource("a", "http://127.0.0.1:9/")], CrawlSettings("ua/1"),
                  "mysql://nobody@127.0.0.1/x", tmp_path, "2024-05-01", 1)
    message = str(caught.value)
    assert "\n" not in message and "mysql" in message and "logs/crawl-2024-05-01-1.log" in message


def test_page_cap_limits_requests(web, tmp_path):
    store = storage.open_store(f"sqlite:///{tmp_path}/n.db", tmp_path)
    run = new_run(store)
    mark = len(web.log)
    summary = run_crawl([CrawlSource("capped", web.base + "/", max_pages=3)],
                        CrawlSettings("ua/1", download_delay=0.0), store.url, tmp_path,
                        "2024-05-01", run)
    figures = summary.per_source["capped"]
    assert len(web.log) - mark == figures.requests == 3
    assert figures.over_budget > 0
    store.close()

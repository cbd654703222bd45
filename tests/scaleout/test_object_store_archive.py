"""The WARC archive on object storage: an S3-compatible server (moto) on 127.0.0.1.

Workers on several machines share no file system: one's crawl writes the archive to
`s3://bucket/prefix`, another's extraction reads each record by byte range, and the
articles are the same as with the archive on local disk. A record's page row appears only
once its segment is uploaded.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

import storage
from crawlers import CrawlSettings, CrawlSource, extract_pending, read_body, run_crawl
from crawlers.items import FetchedPage
from crawlers.warc import WarcArchive
from storage.schema import articles, pages
from tests.crawlers.crawl_testweb import external_site, news_site
from tests.scaleout.conftest import BUCKET

SETTINGS = CrawlSettings(user_agent="newsmon-test/0.1", download_delay=0.0,
                         concurrency_per_host=4, max_page_bytes=100_000)
FAST = {"NEWSMON_RETRY_BACKOFF": 0.1}


@pytest.fixture(scope="module")
def web():
    external = external_site()
    site = news_site(external.base + "/elsewhere")
    yield site
    site.stop()
    external.stop()


def _page(path: str, body: bytes) -> FetchedPage:
    return FetchedPage(source="s", requested_url=f"http://h.test{path}", url=f"http://h.test{path}",
                       status=200, headers=[("Content-Type", "text/html; charset=utf-8")],
                       body=body, kind="article", rel_canonical=None,
                       fetched_at=datetime(2024, 5, 1, tzinfo=timezone.utc))


def test_records_are_stored_by_segment_and_read_back_by_range(s3):
    archive = WarcArchive(f"s3://{BUCKET}/day", "2024-05-01", 7, segment_bytes=3000)
    # incompressible bodies, so the gzipped records really fill segments
    bodies = [b"<p>%s</p>" % random.Random(n).randbytes(600 + 300 * n).hex().encode()
              for n in range(6)]
    written = [archive.write(_page(f"/n{n}", body)) for n, body in enumerate(bodies)]
    files = [w[0] for w in written]
    assert len(set(files)) > 1  # the small segment size rotated the object
    assert all(f.startswith("warc/2024-05-01/s-7-") and f.endswith(".warc.gz") for f in files)
    # the last segment is still a local spool: its page rows must wait
    assert [archive.is_stored(f) for f in files][-1] is False
    assert archive.is_stored(files[0])
    archive.close()
    assert all(archive.is_stored(f) for f in files)
    for (warc_file, offset, length), body in zip(written, bodies):
        assert s3.info(f"{BUCKET}/day/{warc_file}")["size"] >= offset + length
        assert read_body(f"s3://{BUCKET}/day", warc_file, offset)[1] == body
    # a second writer of the same run (a rerun after a kill) never overwrites these
    again = WarcArchive(f"s3://{BUCKET}/day", "2024-05-01", 7, segment_bytes=3000)
    assert again.write(_page("/n0", bodies[0]))[0] not in files


def _crawl_and_extract(store, base: str, archive: str | None = None) -> dict[str, str]:
    with store.begin() as conn:
        run = storage.start_run(conn, "crawl", "2024-05-01")
    run_crawl([CrawlSource("test-times", base + "/")], SETTINGS, store.url,
              store.data_dir, "2024-05-01", run, scrapy_overrides=FAST, archive=archive)
    summary = extract_pending(store, workers=2, archive=archive)
    assert summary.errors == 0
    with store.connect() as conn:
        rows = conn.execute(select(articles.c.canonical_url, articles.c.content_hash)
                            .where(articles.c.status == "ok")).all()
    return {url.split("/", 3)[3]: h for url, h in rows}


def test_a_crawl_archived_on_s3_extracts_the_same_articles_as_on_local_disk(
        s3, web, tmp_path):
    local = storage.open_store(f"sqlite:///{tmp_path / 'local' / 'n.db'}", tmp_path / "local")
    remote = storage.open_store(f"sqlite:///{tmp_path / 'remote' / 'n.db'}", tmp_path / "remote")
    try:
        on_disk = _crawl_and_extract(local, web.base)
        on_s3 = _crawl_and_extract(remote, web.base, archive=f"s3://{BUCKET}/newsmon")
        assert len(on_disk) >= 6 and on_s3 == on_disk
        assert not (tmp_path / "remote" / "warc").exists()  # nothing archived locally
        assert (tmp_path / "remote" / "logs").is_dir()  # logs stay with the worker
        with remote.connect() as conn:
            files = set(conn.execute(select(pages.c.warc_file)
                                     .where(pages.c.warc_file.is_not(None))).scalars())
        stored = {p.split("/newsmon/", 1)[1] for p in s3.find(f"{BUCKET}/newsmon")}
        assert files and files <= stored  # every row points at an uploaded object
    finally:
        local.close()
        remote.close()


def _export(store) -> list[dict]:
    """The export with what differs between two runs of the same pages left out."""
    with store.connect() as conn:
        records = list(storage.iter_export_records(conn))
    # Which copy founds a cluster (and so names it and may represent it) follows the order
    # pages were fetched in, which differs between one worker and two: compare the partition.
    drop = {"extracted_at", "fetched_at", "first_seen", "last_seen", "cluster_id",
            "duplicate_of", "is_representative"}
    members: dict[str, list[str]] = {}
    for r in records:
        members.setdefault(r["cluster_id"], []).append(r["id"])
    return sorted(({**{k: v for k, v in r.items() if k not in drop},
                    "cluster": sorted(members[r["cluster_id"]])} for r in records),
                  key=lambda r: r["id"])


@pytest.mark.slow
def test_two_workers_sharing_no_disk_export_what_one_worker_on_local_disk_does(
        s3, tmp_path):
    """Worker 1 crawls site a, worker 2 site b, each with its own data dir and the archive
    on S3; each then extracts half of ALL pages (so reads the other's records by range)."""
    from dedupe import DedupeConfig, cluster_new

    external = external_site()
    sites = {"site-a": news_site(external.base + "/x"), "site-b": news_site(external.base + "/y")}
    sources = {name: CrawlSource(name, web.base + "/") for name, web in sites.items()}
    now = datetime(2024, 5, 2, tzinfo=timezone.utc)
    shared = f"sqlite:///{tmp_path / 'store' / 'n.db'}"  # the store: the one shared service
    archive = f"s3://{BUCKET}/pool"
    try:
        local = storage.open_store(f"sqlite:///{tmp_path / 'one' / 'n.db'}", tmp_path / "one")
        with local.begin() as conn:
            run = storage.start_run(conn, "crawl", "2024-05-01")
        run_crawl(list(sources.values()), SETTINGS, local.url, local.data_dir, "2024-05-01",
                  run, scrapy_overrides=FAST)
        extract_pending(local, workers=1)
        cluster_new(local, DedupeConfig(), now)

        workers = [storage.open_store(shared, tmp_path / f"w{n}") for n in (1, 2)]
        for worker, name in zip(workers, sources):
            with worker.begin() as conn:
                run = storage.start_run(conn, "crawl", "2024-05-01")
            run_crawl([sources[name]], SETTINGS, worker.url, worker.data_dir, "2024-05-01",
                      run, scrapy_overrides=FAST, archive=archive)
        for n, worker in enumerate(workers):
            extract_pending(worker, workers=1, shard=(n, 2), archive=archive)
        for worker in workers:
            cluster_new(worker, DedupeConfig(), now)
        assert not any((tmp_path / f"w{n}" / "warc").exists() for n in (1, 2))
        exported = _export(workers[0])
        assert len(exported) >= 12 and exported == _export(local)
        assert len({tuple(r["cluster"]) for r in exported}) < len(exported)  # copies clustered
    finally:
        for web in sites.values():
            web.stop()
        external.stop()

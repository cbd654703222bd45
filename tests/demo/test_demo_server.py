"""The demo HTTP servers: lifecycle, content types, validators, 304s, gzip, 404s, the log."""

from __future__ import annotations

import gzip
import socket
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

import pytest

from newsmon.demo import SITES, DemoWeb, expected_articles
from newsmon.demo.resources import ATOM, HTML, RSS, TEXT, XML


def test_start_and_stop_release_ports(fetch):
    web = DemoWeb().start()
    sites = web.sites
    assert [s.name for s in sites] == [spec.name for spec in SITES]
    ports = {urlsplit(s.base_url).port for s in sites}
    assert len(ports) == len(sites)
    for site in sites:
        assert site.base_url.startswith("http://127.0.0.1:") and site.base_url.endswith("/")
        assert fetch(site.base_url).status == 200
    web.stop()
    web.stop()  # idempotent
    for port in ports:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_subset_of_sites_and_unknown_name():
    with DemoWeb(names=["river-times"]) as web:
        assert [s.name for s in web.sites] == ["river-times"]
    with pytest.raises(KeyError):
        DemoWeb(names=["no-such-site"]).start()


def test_every_resource_has_charset_etag_and_last_modified(web, fetch):
    for site in web.sites:
        for path, resource in web.resources(site.name).items():
            resp = fetch(site.url(path))
            assert resp.status == 200, (site.name, path)
            assert "charset=utf-8" in resp.headers["content-type"]
            assert resp.headers["etag"] == resource.etag
            assert parsedate_to_datetime(resp.headers["last-modified"]) == resource.last_modified
            assert resp.body == resource.body


def test_content_types(web, fetch):
    planet, herald = web.site("daily-planet"), web.site("metro-herald")
    gazette = web.site("coast-gazette")
    assert fetch(planet.base_url).headers["content-type"] == HTML
    assert fetch(planet.url("/robots.txt")).headers["content-type"] == TEXT
    assert fetch(planet.url("/rss.xml")).headers["content-type"] == RSS
    assert fetch(gazette.url("/feeds/latest.atom")).headers["content-type"] == ATOM
    assert fetch(herald.url("/news-sitemap.xml")).headers["content-type"] == XML


def test_conditional_get(web, fetch):
    url = expected_articles(web.sites)[0].url
    first = fetch(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for headers in ({"If-None-Match": etag}, {"If-None-Match": f'"nope", W/{etag}'},
                    {"If-None-Match": "*"}, {"If-Modified-Since": modified}):
        resp = fetch(url, headers=headers)
        assert resp.status == 304, headers
        assert resp.body == b"" and resp.headers["etag"] == etag
    assert fetch(url, headers={"If-None-Match": '"stale"'}).status == 200
    # If-None-Match wins over If-Modified-Since when both are present.
    both = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
    assert fetch(url, headers=both).status == 200
    older = parsedate_to_datetime(modified).replace(year=2000)
    assert fetch(url, headers={"If-Modified-Since": format_datetime(older, usegmt=True)}
                 ).status == 200
    assert fetch(url, headers={"If-Modified-Since": "not a date"}).status == 200


def test_gzip(web, fetch):
    url = web.site("coast-gazette").base_url
    plain = fetch(url)
    zipped = fetch(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.body) == plain.body
    assert int(zipped.headers["content-length"]) == len(zipped.body) < len(plain.body)
    assert zipped.headers["etag"] != plain.headers["etag"]
    again = fetch(url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]})
    assert again.status == 304
    refused = fetch(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers


def test_head_404_redirect_and_queries(web, fetch):
    herald, river = web.site("metro-herald"), web.site("river-times")
    head = fetch(herald.base_url, method="HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["content-length"]) > 0
    missing = fetch(herald.url("/no/such/page"))
    assert missing.status == 404 and "charset=utf-8" in missing.headers["content-type"]
    assert fetch(river.url("/feed/")).status == 404
    assert fetch(herald.url("/section/news?page=2")).status == 200
    assert fetch(herald.url("/section/news?page=2&utm_source=x")).status == 200
    assert fetch(herald.url("/section/news?page=9")).status == 404
    article = next(e for e in expected_articles([herald]))
    assert fetch(article.url + "?utm_source=homepage&utm_medium=web").status == 200
    about = fetch(river.url("/about"))
    assert about.status == 301 and about.headers["location"] == river.url("/about/")
    assert fetch(herald.base_url, method="POST").status == 405


def test_request_log_records_what_was_fetched(web, fetch):
    site = web.site("daily-planet")
    web.clear_log()
    fetch(site.url("/rss.xml"), headers={"User-Agent": "newsmon-test/1", "If-None-Match": '"x"'})
    fetch(site.url("/missing"))
    log = web.request_log
    assert [(e.site, e.method, e.path, e.status) for e in log] == [
        ("daily-planet", "GET", "/rss.xml", 200), ("daily-planet", "GET", "/missing", 404)]
    name, method, path, status, headers = log[0]
    assert headers["User-Agent"] == "newsmon-test/1" and headers["If-None-Match"] == '"x"'


def test_concurrent_requests_are_all_logged(web, fetch):
    urls = [e.url for e in expected_articles(web.sites)] * 4
    web.clear_log()
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda u: fetch(u).status, urls))
    assert statuses == [200] * len(urls)
    assert len(web.request_log) == len(urls)

"""Fixtures for the demo web tests: one DemoWeb per session, and small HTTP/HTML helpers."""

from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from newsmon.demo import DemoWeb


@pytest.fixture(scope="session")
def web():
    with DemoWeb() as running:
        yield running


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def _fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> Response:
    """One request, no redirects followed, no decompression: what a crawler would see."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target or "/", headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


@dataclass
class Page:
    """What the tests need from an HTML page."""

    title: str = ""
    links: list[str] = field(default_factory=list)         # <a href>
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (type, href)
    canonical: str | None = None
    meta: dict[str, list[str]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    shape: set[str] = field(default_factory=set)            # "tag.class" seen

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for cls in a.get("class", "").split() or [""]:
            self.page.shape.add(f"{tag}.{cls}")
        if tag == "a" and "href" in a:
            self.page.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "canonical":
            self.page.canonical = a.get("href")
        elif tag == "link" and a.get("rel") == "alternate":
            self.page.alternates.append((a.get("type", ""), a.get("href", "")))
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.page.meta.setdefault(key, []).append(a.get("content", ""))
        if tag not in ("meta", "link", "img", "input", "br"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._stack:
            self.page.title += data
        elif "script" not in self._stack and "style" not in self._stack:
            self.page.texts.append(data)


def _parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


@pytest.fixture(scope="session")
def fetch():
    """``fetch(url, method="GET", headers=None) -> Response``; no redirects, no decoding."""
    return _fetch


@pytest.fixture(scope="session")
def parse_page():
    """``parse_page(html) -> Page``: links, canonical, meta, title, visible text, shape."""
    return _parse_page

"""Generated news sites for crawl tests and benches.

A `SimSite` answers any path from code (so traps can be endless), knows which of its URLs show
an article and that article's true canonical URL, which requests are trap pages, and what it
publishes on each day. Served by `crawl_testweb.TestWeb`, whose log the scores are read from.
"""

from __future__ import annotations

import hashlib
import random
import socket
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from crawl_testweb import Resource, TestWeb

_WORDS = """council river park budget mayor school harbour station tram winter summer farmers
market hospital doctors nurses union strike court judge ruling appeal minister election vote
ballot campaign voters village town county bridge road repairs traffic police report crime
museum exhibition artist festival music theatre stadium match season coach players league
storm flood rainfall drought water supply energy prices wind solar grid factory jobs workers
wages inflation bank loans housing rents tenants landlords students teachers exams library
forest wildlife birds fishing boats ferry airport flights tourists hotel restaurant chef
bakery science research laboratory university study results data survey residents neighbours
plan proposal debate meeting committee officials agency regulator company shares investors
profits losses contract tender construction engineers architects design heritage church square
""".split()
_VERBS = """said announced approved rejected delayed opened closed reported warned promised
expected confirmed denied proposed criticised welcomed measured found""".split()


def prose(seed: int, paragraphs: int = 5, sentences: int = 4) -> list[str]:
    """Deterministic, distinct paragraphs of news-like text for one page."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        lines = []
        for _ in range(sentences):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 16))]
            words.insert(rng.randint(2, 5), rng.choice(_VERBS))
            lines.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(lines))
    return out


def title_of(seed: int) -> str:
    rng = random.Random(seed * 7919 + 1)
    return " ".join(rng.choice(_WORDS) for _ in range(5)).title()


def slug_of(seed: int) -> str:
    return title_of(seed).lower().replace(" ", "-")


def token(*parts, length: int = 12) -> str:
    """A short hex token, fresh for every distinct `parts` (session ids, cursors)."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:length]


def html_page(title: str, body: str, head: str = "") -> Resource:
    return Resource(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}"
                    f"</title>{head}</head><body>{body}</body></html>".encode())


def link_list(links: list[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in links) + "</ul>"


@dataclass
class Hit:
    """One logged request, resolved by the site that answered it."""

    site: str
    path: str
    status: int
    body_hash: str | None
    article: str | None  # the article id this URL shows, if any
    trap: bool
    resource: str  # what the page is, whatever URL variant it was asked by


class SimSite:
    """Override `answer`, `identify`, `canonical`, `published`, `is_trap`; `day` changes
    what is published."""

    name = "site"
    robots = "User-agent: *\nDisallow: /admin/\n"

    def __init__(self, seed: int = 1):
        self.seed = seed
        self.day = 1
        self.web: TestWeb | None = None
        self._served = 0  # counter for fresh tokens

    # -- to override ------------------------------------------------------------------------
    def answer(self, path: str, query: dict[str, str]) -> Resource | None:
        raise NotImplementedError

    def identify(self, path: str, query: dict[str, str]) -> str | None:
        """The id of the article a URL shows (any variant of it), else None."""
        raise NotImplementedError

    def canonical(self, article: str) -> str:
        """The article's true canonical URL, as a path."""
        raise NotImplementedError

    def published(self, day: int) -> set[str]:
        """Ids of every article reachable on `day` (the truth for coverage)."""
        raise NotImplementedError

    def is_trap(self, path: str, query: dict[str, str]) -> bool:
        return False

    def resource(self, path: str, query: dict[str, str]) -> str:
        """What a URL names, with session tokens and the like removed."""
        return path + "?" + "&".join(f"{k}={v}" for k, v in sorted(query.items()))

    # -- serving ----------------------------------------------------------------------------
    def fresh(self) -> str:
        self._served += 1
        return token(self.name, self.seed, self._served)

    def start(self, host: str = "127.0.0.1", delay: float = 0.0) -> "SimSite":
        self.web = TestWeb(host=host, delay=delay, dynamic=self._dynamic).start()
        self.web.resources["/robots.txt"] = Resource(self.robots.encode(), "text/plain")
        return self

    def stop(self) -> None:
        if self.web is not None:
            self.web.stop()

    @property
    def base(self) -> str:
        return self.web.base

    def _dynamic(self, raw: str) -> Resource | None:
        path, query = split(raw)
        return self.answer(path, query)

    def hits(self, since: int = 0) -> list[Hit]:
        out = []
        for _, raw, headers in self.web.log[since:]:
            path, query = split(raw)
            out.append(Hit(self.name, raw, headers["_status"], headers.get("_hash"),
                           self.identify(path, query), self.is_trap(path, query),
                           self.resource(path, query)))
        return out


def split(raw: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(raw)
    return parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True))


@dataclass
class HungSite:
    """Accepts connections and never answers: the crawler must give up on it alone."""

    name: str = "hung"
    accepted: int = 0
    _conns: list = field(default_factory=list)

    def start(self, host: str = "127.0.0.1") -> "HungSite":
        self.sock = socket.socket()
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self._conns.append(conn)  # held open, never read, never answered

    @property
    def base(self) -> str:
        host, port = self.sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._stop = True
        for conn in self._conns:
            conn.close()
        self.sock.close()

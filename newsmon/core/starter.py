"""`newsmon init`: a starter sources.yaml for a few homepages, named after their hosts."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import tldextract
import yaml

from .errors import UsageProblem
from .sources import load_sources
from .urlcheck import url_problem

# The public suffix list snapshot bundled with tldextract: never fetched from the network.
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
_HEADER = """\
# newsmon's sources: one item per news site, a name and its homepage (README: "Your own
# sites" lists the optional keys: feeds, sitemaps, max_pages, and the crawl/dedupe sections).
"""


class FileExists(Exception):
    exit_code = 2


def homepage(value: str) -> str:
    """A homepage URL as given, with https:// added to a bare host name."""
    url = value.strip()
    if "://" not in url:
        url = "https://" + url
    problem = url_problem(url)
    if problem == "must be an http(s) URL":
        raise UsageProblem(f"{value!r} is not a homepage URL (e.g. https://www.example.com/)")
    if problem:
        raise UsageProblem(f"{value!r}: {problem}")
    return url if urlsplit(url).path else url + "/"


def source_name(url: str) -> str:
    """The host without www. and its public suffix, as a source name: news.example.co.uk
    -> news-example."""
    host = (urlsplit(url).hostname or "").lower()
    parts = _SUFFIXES(host)
    words = [w for w in (*parts.subdomain.split("."), parts.domain) if w and w != "www"]
    name = re.sub(r"[^a-z0-9-]+", "-", "-".join(words) or host).strip("-")
    return name[:100] or "site"


def starter_sources(urls: list[str]) -> list[dict]:
    sources, used = [], set()
    for url in (homepage(u) for u in urls):
        name, n = source_name(url), 2
        base = name
        while name in used:  # two sections of one site: example, example-2
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        sources.append({"name": name, "url": url})
    return sources


def write_starter(path: Path, urls: list[str]) -> list[dict]:
    """Write the file (never over an existing one) and check it reads back; returns the
    sources written."""
    if path.exists():
        raise FileExists(f"{path} exists; edit it, or give another --config to write a new one")
    sources = starter_sources(urls)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(_HEADER + yaml.safe_dump({"sources": sources}, sort_keys=False),
                   encoding="utf-8")
    try:
        load_sources(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return sources

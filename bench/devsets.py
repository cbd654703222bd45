"""The two extraction dev sets as one list of pages, each with its truth and its held-out half.

* the article-extraction benchmark (body truth only; publisher = the URL's registered domain);
* fundus-dev (title, authors, published, body with standfirst and sub-headlines).

Halves: a stable hash of the publisher, so a publisher's pages are always on the same side and
a mechanism developed on half A can be checked on half B (leave publishers out).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["DevPage", "load_devsets", "half_of", "person_authors", "norm_title", "is_cjk"]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Bylines that name the publication, a desk or an agency, not a person (bench-side judgement
# of the truth, so "every person author" does not require printing the masthead as a name).
_NOT_PERSON = re.compile(r"\b(?:redaktion|redaction|rédaction|redazione|staff|team|desk|newsroom|reuters|afp|dpa|ap"
                         r"|associated press|agenc\w*)\b|新聞|デジタル|\.(?:com|de|tr|at)\b", re.I)


@dataclass(frozen=True)
class DevPage:
    set: str  # "benchmark" or "fundus"
    id: str
    url: str
    publisher: str
    html: str
    body: str
    title: str | None = None
    authors: tuple[str, ...] | None = None
    published: str | None = None
    summary: str | None = None

    @property
    def half(self) -> str:
        return half_of(self.publisher)


def half_of(publisher: str) -> str:
    """'A' or 'B', fixed per publisher."""
    return "A" if hashlib.md5(publisher.casefold().encode()).digest()[0] % 2 == 0 else "B"


def load_devsets(shared: Path, decode) -> list[DevPage]:
    return _benchmark(shared / "data" / "article-extraction-benchmark", decode) + _fundus(
        shared / "data" / "fundus-dev", decode)


def _benchmark(folder: Path, decode) -> list[DevPage]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid, entry in sorted(truth.items()):
        html = decode(gzip.decompress((folder / "html" / f"{pid}.html.gz").read_bytes()))
        pages.append(DevPage("benchmark", pid, entry.get("url", ""), _domain(entry.get("url", "")), html,
                             entry["articleBody"]))
    return pages


def _fundus(folder: Path, decode) -> list[DevPage]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["pages"]
    pages = []
    for pid, e in sorted(truth.items()):
        html = decode(gzip.decompress((folder / "html" / f"{pid}.html.gz").read_bytes()))
        authors = tuple(e["authors"]) if e.get("authors") else None
        pages.append(DevPage("fundus", pid, e["url"], e["publisher"], html, e["body"], e.get("title"),
                             authors, e.get("published"), e.get("summary")))
    return pages


def _domain(url: str) -> str:
    labels = (urlsplit(url).hostname or url).split(".")
    # co.uk-style second levels keep three labels
    keep = 3 if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac", "gov"} else 2
    return ".".join(labels[-keep:])


def person_authors(page: DevPage) -> tuple[str, ...]:
    """The truth's authors that are people (not the publication, a desk or an agency)."""
    if not page.authors:
        return ()
    pub = _squash(page.publisher)
    host = _squash((urlsplit(page.url).hostname or "").removeprefix("www.").split(".")[0])
    out = []
    for name in page.authors:
        squashed = _squash(name)
        if _NOT_PERSON.search(name) or (pub and pub in squashed) or (host and host in squashed):
            continue
        out.append(re.sub(r"\s*기자.*$", "", name))  # Korean "<name> reporter (and 1 other)"
    return tuple(out)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def norm_title(text: str | None) -> str:
    """Title as a reader sees it: NFKC, invisible format characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def is_cjk(text: str) -> bool:
    """Chinese/Japanese text, where \\w+ tokens are whole clauses."""
    sample = text[:3000]
    return bool(sample) and len(_CJK.findall(sample)) > 0.3 * len(sample.replace(" ", ""))

"""Article metadata from an lxml tree: headline, byline, dates, language, canonical URL.

Structured data first (JSON-LD, Open Graph, <meta>), visible markup second. Cheap: one pass
over <meta>/<script type=ld+json>, a few XPaths.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .dates import to_iso8601
from .links import extract_canonical

__all__ = ["PageMetadata", "read_metadata", "clean_title", "clean_author", "norm_text"]

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "socialmediaposting",
    "liveblogposting", "report", "scholarlyarticle", "techarticle", "posting", "webpage",
})
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "sailthru.title", "parsely-title")
_SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher")
_AUTHOR_KEYS = ("author", "article:author", "byl", "parsely-author", "sailthru.author",
                "dc.creator", "dcterms.creator", "cxenseparse:author", "twitter:creator")
_DATE_KEYS = ("article:published_time", "og:article:published_time", "datepublished",
              "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
              "dcterms.created", "dcterms.date", "parsely-pub-date", "sailthru.date",
              "article.published", "og:published_time", "original-publish-date")
_LANG_KEYS = ("content-language", "language", "dc.language", "og:locale", "inlanguage")
_SEPARATORS = re.compile(r"\s+[|\-–—:·»•/]\s+|\s+::\s+")
# News agencies appended to a byline ("By JANE ROE Associated Press") are not authors.
_AGENCY_SUFFIX = re.compile(
    r"(?<=\w)\s+(?:the\s+)?(?:associated press|reuters|afp|agence france-presse|dpa|pa media|ap)$", re.I)
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|por|door|di|av|af|da)\s*:?\s+", re.I)
_LANG_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/")
_NON_WORD = re.compile(r"[\W_]+")
_STANDFIRST_CLASS = re.compile(r"sub-?(?:head|title|line)|\bdek\b|standfirst|strapline|\bdeck\b|summary|excerpt", re.I)


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    canonical_url: str | None
    description: str | None
    site_name: str | None
    headings: tuple[str, ...]  # candidate headline strings, used to drop echoed titles
    standfirsts: tuple[str, ...]  # sub-headings styled as a standfirst/dek, dropped when echoed


def norm_text(text: str) -> str:
    """Casefolded letters and digits only: how two headline spellings are compared."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Everything parse_article needs besides the body text."""
    meta = _meta_map(tree)
    ld = _jsonld_article(tree)
    site = _first(meta, _SITE_KEYS) or _jsonld_name(ld.get("publisher"))
    h1s = [_squash(h.text_content()) for h in tree.iter("h1")][:3]
    doc_title = _squash(tree.findtext(".//title") or "")
    raw_title = (_str(ld.get("headline")) or _first(meta, _TITLE_KEYS)
                 or next((h for h in h1s if h), None) or doc_title)
    title = clean_title(raw_title, site, url, h1s) if raw_title else None
    authors = _jsonld_authors(ld.get("author")) or _all(meta, _AUTHOR_KEYS)
    author = clean_author(authors, site, url) or clean_author(_byline_elements(tree), site, url)
    # Cheapest and most trusted first; the XPath scans run only when the head says nothing.
    published = (_first_date([ld.get("datePublished"), ld.get("dateCreated"), *_all(meta, _DATE_KEYS)])
                 or _first_date(_time_elements(tree)) or _url_date(url)
                 or _first_date(tree.xpath("//time/@datetime")[:1]))
    return PageMetadata(
        title=title, author=author, published=published,
        language=_language(tree, meta, ld),
        canonical_url=extract_canonical(tree, url or ""),
        description=_first(meta, ("og:description", "description", "twitter:description")),
        site_name=site,
        headings=tuple(h for h in (title, raw_title, doc_title, *h1s) if h),
        standfirsts=_standfirsts(tree),
    )


def clean_title(title: str, site: str | None, url: str | None, h1s: list[str]) -> str:
    """Drop a ' | Site Name' style suffix (or prefix) from a headline."""
    title = _squash(title)
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    # A visible <h1> that is one side of the separator is the headline itself.
    for h in h1s:
        if h and norm_text(h) in (norm_text(parts[0]), norm_text(parts[-1])) and len(h) > 15:
            return h
    names = _site_names(site, url)
    if names:
        if _is_site(parts[-1], names):
            return _rejoin(title, parts[-1], suffix=True)
        if _is_site(parts[0], names):
            return _rejoin(title, parts[0], suffix=False)
    return title


def clean_author(candidates: list[str], site: str | None, url: str | None) -> str | None:
    """A byline without 'By', profile URLs or the publication's own name."""
    names = _site_names(site, url)
    out: list[str] = []
    for cand in candidates:
        for name in re.split(r"\s*(?:,|;|\band\b|&|\|)\s*", _BYLINE_PREFIX.sub("", _squash(cand))):
            name = _AGENCY_SUFFIX.sub("", _BYLINE_PREFIX.sub("", name)).strip(" .@")
            if (not name or "://" in name or name.startswith("www.") or len(name) > 60
                    or not re.search(r"[^\W\d_]", name) or _is_site(name, names)):
                continue
            if norm_text(name) not in {norm_text(o) for o in out}:
                out.append(name)
    return ", ".join(out) or None


def _rejoin(title: str, part: str, suffix: bool) -> str:
    cut = title.rfind(part) if suffix else title.find(part) + len(part)
    rest = title[:cut] if suffix else title[cut:]
    return rest.strip(" |-–—:·»•/\t")


def _site_names(site: str | None, url: str | None) -> set[str]:
    names = {norm_text(site)} if site else set()
    host = urlsplit(url).hostname if url else None
    if host:
        labels = [l for l in host.split(".") if l not in {"www", "m", "amp", "edition", "news"}]
        if labels:
            names.add(labels[0])
            names.add(".".join(labels))
    return {n for n in names if n}


def _is_site(part: str, names: set[str]) -> bool:
    p = norm_text(part)
    squashed = p.replace(" ", "")
    return bool(p) and any(p == n or squashed == n.replace(" ", "") or squashed == n.replace(".", "")
                           or (n in squashed and len(squashed) <= len(n) + 6) for n in names)


def _meta_map(tree: HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        value = el.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), []).append(value.strip())
    return found


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    return next((meta[k][0] for k in keys if k in meta), None)


def _all(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [v for k in keys for v in meta.get(k, ())]


def _jsonld_objects(tree: HtmlElement) -> Iterator[dict]:
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # broken JSON-LD is common; the other signals still work
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
                if isinstance(item.get("mainEntity"), dict):
                    stack.append(item["mainEntity"])


def _jsonld_article(tree: HtmlElement) -> dict:
    best: dict = {}
    for obj in _jsonld_objects(tree):
        t = obj.get("@type")
        names = {n.lower() for n in (t if isinstance(t, list) else [t]) if isinstance(n, str)}
        if names & ARTICLE_TYPES and (obj.get("headline") or obj.get("datePublished")):
            if not best or ("webpage" in best.get("_types", ()) and "webpage" not in names):
                best = {**obj, "_types": names}
    return best


def _str(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return _squash(value) or None


def _jsonld_name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _str(value.get("name"))
    return _str(value)


def _jsonld_authors(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [n for n in (_jsonld_name(i) for i in items) if n]


def _time_elements(tree: HtmlElement) -> list[str]:
    return tree.xpath('(//*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime'
                      ' | //time[@pubdate]/@datetime | //article//time/@datetime)')[:3]


def _byline_elements(tree: HtmlElement) -> list[str]:
    nodes = tree.xpath('//*[@rel="author"] | //*[@itemprop="author"] | //*[@class="byline" or @class="author"]')
    texts = (_squash(n.get("content") or n.text_content()) for n in nodes[:3])
    return [t for t in texts if 0 < len(t) <= 80]


def _url_date(url: str | None) -> str | None:
    m = _URL_DATE.search(url or "")
    return to_iso8601("-".join(m.groups())) if m else None


def _first_date(values: list[object]) -> str | None:
    for v in values:
        if isinstance(v, str):
            iso = to_iso8601(v)
            if iso:
                return iso
    return None


def _language(tree: HtmlElement, meta: dict[str, list[str]], ld: dict) -> str | None:
    candidates = [tree.get("lang"), tree.get("xml:lang"), *_all(meta, _LANG_KEYS), _str(ld.get("inLanguage"))]
    for cand in candidates:
        m = _LANG_CODE.match((cand or "").strip().split(",")[0])
        if m:
            return m.group(1).lower()
    return None


def _standfirsts(tree: HtmlElement) -> tuple[str, ...]:
    # The dek sits next to the headline, in an <h2> or a "sub-head"-like class; a lead
    # paragraph that merely equals og:description sits in a plain <p> and must stay.
    found: list[str] = []
    for h1 in list(tree.iter("h1"))[:3]:
        scope = h1
        for _ in range(3):  # the headline block: a few levels up, not the whole page
            scope = scope.getparent() if scope.getparent() is not None else scope
        for i, el in enumerate(scope.iter()):
            if i > 300:
                break
            if el.tag == "h2" or (isinstance(el.tag, str) and _STANDFIRST_CLASS.search(el.get("class") or "")):
                text = _squash(el.text_content()) if len(el) <= 8 else ""
                if 20 <= len(text) <= 400:
                    found.append(text)
    return tuple(found[:12])


def _squash(text: object) -> str:
    # JSON-LD and <meta> values are often entity-escaped twice ("&#8216;").
    return " ".join(html.unescape(str(text)).split()) if text else ""

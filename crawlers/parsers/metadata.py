"""Article metadata from an lxml tree: headline, byline, dates, language, canonical URL.

Structured data first (JSON-LD, Open Graph, <meta>), visible markup second. Cheap: one pass
over <meta>/<script type=ld+json>, a few XPaths.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .dates import to_iso8601
from .jsonld import jsonld_article, jsonld_authors, jsonld_name, jsonld_url, ld_str
from .links import extract_canonical
from .visible import byline_names, visible_bylines, visible_date

__all__ = ["PageMetadata", "read_metadata", "clean_title", "clean_author", "norm_text"]

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
_BYLINE_PREFIX = re.compile(r"^\s*(?:(?:submitted|posted|written|words|text|reported) by|by|von|par|por|door|di|av|af|da)"
                            r"\s*:?\s+", re.I)
# What templates print after the names: "... on Tue, 03/19/2024", "... at 10:15", "... | Updated".
_BYLINE_TAIL = re.compile(r"\s+(?:on|at|le|am|el|updated|published)\s+.*$", re.I)
_ROLE_WORDS = frozenset("""staff writer reporter correspondent editor contributor contributing senior
    political chief columnist photographer updated published posted by the and of for at news desk
    associate deputy managing special international business sports newsroom team online web
    redakteur redakteurin autor autorin von mehr infos
    redactie redaktion rédaction redazione redacción redação redaccion""".split())
_LANG_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/")
_NON_WORD = re.compile(r"[\W_]+")
# Soft hyphens and zero-width characters are invisible: "Helikopter\xadlandeplatz" is one word.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_STANDFIRST_CLASS = re.compile(r"sub-?(?:head|title|line)|\bdek\b|standfirst|strapline|\bdeck\b", re.I)
# Also used for the body's lead paragraph ("speakable-summary"), so only a dek when apart from it.
_SUMMARY_CLASS = re.compile(r"summary|excerpt", re.I)


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
    standfirsts: tuple[str, ...]  # sub-headings styled as a standfirst/dek
    claimed_titles: tuple[str, ...] = ()  # every title the page states, most trusted first
    descriptions: tuple[str, ...] = ()  # og/meta/JSON-LD descriptions: a standfirst often prints one


def norm_text(text: str) -> str:
    """Casefolded letters and digits only: how two headline spellings are compared."""
    return _NON_WORD.sub(" ", _INVISIBLE.sub("", text.casefold())).strip()


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Everything parse_article needs besides the body text."""
    meta = _meta_map(tree)
    ld = jsonld_article(tree)
    doc_title = _squash(tree.findtext(".//title") or "")
    h1s = [_squash(h.text_content()) for h in tree.iter("h1")][:3]
    site = (_first(meta, _SITE_KEYS) or jsonld_name(ld.get("publisher"))
            or _title_site(doc_title, [ld_str(ld.get("headline")), _first(meta, _TITLE_KEYS), *h1s]))
    raw_title = (ld_str(ld.get("headline")) or _first(meta, _TITLE_KEYS)
                 or next((h for h in h1s if h), None) or doc_title)
    title = clean_title(raw_title, site, url, h1s) if raw_title else None
    author = _every_author(tree, ld, meta, site, url)
    language = _language(tree, meta, ld)
    # Cheapest and most trusted first; the scans of the page run only when the head says nothing.
    published = (_first_date([ld.get("datePublished"), ld.get("dateCreated"), *_all(meta, _DATE_KEYS)])
                 or _first_date(_time_elements(tree))
                 or visible_date(tree, month_first=_month_first(tree, meta))
                 or _url_date(url) or _first_date(tree.xpath("//time/@datetime")[:1]))
    claimed = [ld_str(ld.get("headline")), *_all(meta, _TITLE_KEYS), *h1s, *_SEPARATORS.split(doc_title)[:1]]
    descriptions = [ld_str(ld.get("description")), *_all(meta, ("og:description", "description", "twitter:description"))]
    return PageMetadata(
        title=title, author=author, published=published, language=language,
        canonical_url=extract_canonical(tree, url or "") or jsonld_url(ld, url),
        description=_first(meta, ("og:description", "description", "twitter:description")),
        site_name=site,
        headings=tuple(h for h in (title, raw_title, doc_title, *h1s) if h),
        standfirsts=_standfirsts(tree),
        claimed_titles=tuple(dict.fromkeys(t for c in claimed if c for t in (clean_title(c, site, url, h1s), _squash(c)))),
        descriptions=tuple(_squash(d) for d in descriptions if d),
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


def _every_author(tree: HtmlElement, ld: dict, meta: dict[str, list[str]], site: str | None,
                  url: str | None) -> str | None:
    # The first source naming people (a JSON-LD "author" that is the publisher names none);
    # the printed byline block naming the first of them may list more people.
    chosen = (clean_author(jsonld_authors(ld.get("author")), site, url)
              or clean_author(_all(meta, _AUTHOR_KEYS), site, url))
    if not chosen:
        return clean_author(visible_bylines(tree), site, url)
    printed = clean_author(byline_names(tree, chosen.split(", ")[0]), site, url)
    have, more = _name_set(chosen), _name_set(printed or "")
    return printed if printed and have < more and all(_person_like(n) for n in printed.split(", ")) else chosen


def _person_like(name: str) -> bool:
    words = name.split()
    latin = re.search(r"[A-Za-z]", name)
    return (not latin and len(name) <= 12) or (2 <= len(words) <= 4 and all(w[0].isupper() for w in words)
                                               and ":" not in name)


def _name_set(names: str) -> set[str]:
    return {norm_text(n) for n in names.split(", ")}


def clean_author(candidates: list[str], site: str | None, url: str | None) -> str | None:
    """A byline without 'By', profile URLs or the publication's own name."""
    names = _site_names(site, url)
    out: list[str] = []
    for cand in candidates:
        for name in re.split(r"\s*(?:,|;|\b(?:and|und|et|en|y)\b|&|\||·|•|\s-\s)\s*", _BYLINE_PREFIX.sub("", _squash(cand))):
            name = _BYLINE_TAIL.sub("", _AGENCY_SUFFIX.sub("", _BYLINE_PREFIX.sub("", name))).strip(" .@")
            # "sn_aktuell": a social-media handle (twitter:creator), not a name.
            if (not name or "://" in name or name.startswith("www.") or "_" in name or len(name) > 60
                    or not _looks_like_name(name) or _is_site(name, names)):
                continue
            if norm_text(name) not in {norm_text(o) for o in out}:
                out.append(name)
    return ", ".join(out) or None


def _looks_like_name(name: str) -> bool:
    # Bylines printed on the page carry dates, roles and "Updated" next to the names.
    words = name.split()
    return (0 < len(words) <= 5 and not re.search(r"\d", name) and bool(re.search(r"[^\W\d_]", name))
            and not all(w.lower().strip(".") in _ROLE_WORDS for w in words))


def _rejoin(title: str, part: str, suffix: bool) -> str:
    cut = title.rfind(part) if suffix else title.find(part) + len(part)
    rest = title[:cut] if suffix else title[cut:]
    return rest.strip(" |-–—:·»•/\t")


def _title_site(doc_title: str, headlines: list[str | None]) -> str | None:
    # "<headline> | <site>": the side that is not the headline names the site.
    parts = _SEPARATORS.split(doc_title)
    known = {norm_text(h) for h in headlines if h} - {""}
    if len(parts) >= 2 and known:
        if norm_text(parts[0]) in known:
            return parts[-1]
        if norm_text(parts[-1]) in known:
            return parts[0]
    return None


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
    # "Redactie Stadsblad", "Newsroom Daily Planet": the site's own desk, not a person.
    raw = norm_text(part)
    bare = " ".join(w for w in raw.split() if w not in _ROLE_WORDS)
    return any(_names_site(p, names) for p in {raw, bare} if p)


def _names_site(p: str, names: set[str]) -> bool:
    squashed = p.replace(" ", "")
    # "Greenvale Borough Council" for the site "Greenvale Borough": the publisher, not a person.
    return any(p == n or squashed == n.replace(" ", "") or squashed == n.replace(".", "")
               or (n in squashed and len(squashed) <= len(n) + 6)
               or (" " in n and p.startswith(n + " ")) for n in names)


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


def _time_elements(tree: HtmlElement) -> list[str]:
    return tree.xpath('(//*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime'
                      ' | //time[@pubdate]/@datetime | //article//time/@datetime)')[:3]


def _url_date(url: str | None) -> str | None:
    m = _URL_DATE.search(url or "")
    return to_iso8601("-".join(m.groups())) if m else None


def _first_date(values: list) -> str | None:
    for v in values:
        if isinstance(v, str):
            iso = to_iso8601(v)
            if iso:
                return iso
    return None


def _month_first(tree: HtmlElement, meta: dict[str, list[str]]) -> bool:
    # 03/04/2024 is 4 March in most of the world and 3 April in US English.
    declared = [tree.get("lang") or "", *_all(meta, ("content-language", "og:locale"))]
    return any(v.lower().replace("_", "-").startswith("en-us") for v in declared)


def _language(tree: HtmlElement, meta: dict[str, list[str]], ld: dict) -> str | None:
    candidates = [tree.get("lang"), tree.get("xml:lang"), *_all(meta, _LANG_KEYS), ld_str(ld.get("inLanguage"))]
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
            if el.tag == "h2" or (isinstance(el.tag, str) and _is_dek(el)):
                text = _squash(el.text_content()) if len(el) <= 8 else ""
                if 20 <= len(text) <= 400:
                    found.append(text)
    return tuple(found[:12])


def _is_dek(el: HtmlElement) -> bool:
    names = f'{el.get("class") or ""} {el.get("id") or ""}'
    if _STANDFIRST_CLASS.search(names):
        return True
    # A "summary" paragraph followed by more paragraphs is the lead of the body, not a dek.
    opens_body = el.tag == "p" and sum(1 for sib in el.itersiblings() if sib.tag == "p") >= 2
    return bool(_SUMMARY_CLASS.search(names)) and not opens_body


def _squash(text: object) -> str:
    # JSON-LD and <meta> values are often entity-escaped twice ("&#8216;").
    return " ".join(html.unescape(str(text)).split()) if text else ""

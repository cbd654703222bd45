"""Is a fetched HTML page an article or a listing (home, section, tag, author, search, page N)?

Cheap on purpose (lxml only, no trafilatura): the crawler asks for every HTML page.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from .links import HtmlInput, parse_html

__all__ = ["PageKind", "PageEvidence", "classify_page", "page_evidence"]


class PageKind(str, Enum):
    ARTICLE = "article"
    LISTING = "listing"


@dataclass(frozen=True)
class PageEvidence:
    kind: PageKind
    score: int  # > 0 means article
    reasons: tuple[str, ...]  # e.g. ("jsonld:NewsArticle +3", "url:dated +2")


_ARTICLE_LD = frozenset({"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                         "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
                         "techarticle", "scholarlyarticle", "report"})
_LISTING_LD = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage", "aboutpage",
                         "contactpage"})
# Path segments (or file names) that name a listing or a page that is no story: site pages,
# forums, polls, galleries, calendars, print and e-mail copies of a story, attachments.
_LISTING_SEGMENT = re.compile(
    r"^(?:tags?|category|categories|section|sections|topics?|authors?|author-archive|writers?|search"
    r"|page|about(?:-us)?|contact(?:-us)?|impressum|imprint|privacy(?:-policy)?|terms(?:-of-(?:use|service))?"
    r"|login|signin|register|subscribe|newsletters?|feed|rss|sitemap"
    r"|forums?|viewtopic|viewforum|showthread|showtopic|threads?|boards?|discussions?|posting"
    r"|polls?|votes?|voting|surveys?|umfragen?|galler(?:y|ies)|galerie|slideshows?|albums?|photos?"
    r"|fotos?|attachments?|calendar|kalender|agenda|events?|print|printable|printer-friendly|drucken"
    r"|imprimer|e-?mail|send-?to-?friend|tell-?a-?friend|share)$", re.I)
# A short query value naming such a page (?action=print, ?fuseaction=poll.show) ...
_QUERY_VALUE_TOKEN = re.compile(r"[A-Za-z]+")
_USE_VALUE = re.compile(
    r"^(?:print|printable|printer|drucken|polls?|votes?|voting|surveys?|galler(?:y|ies)|slideshows?"
    r"|photos?|e?mail|sendtofriend|calendar|events?|forums?|viewtopic|threads?|attachments?)$", re.I)
# ... read only where a key says what the page does or shows: other values are free text
# (?hl=vote highlights a word, ?utm_source=rss says where a visitor came from).
_ACTION_KEY = re.compile(r"^(?:action|act|view|mode|op|do|fuseaction|cmd|task|type|format|display"
                         r"|layout|output|template|tmpl|module|mod|show|func|function)$", re.I)
_PAGE_QUERY = ("page", "paged", "pg", "start", "offset")
_SEARCH_QUERY = frozenset({"s", "q", "query", "search", "keyword", "keywords"})
# Query keys that name one document (?p=412 on WordPress, ?idx=8576, ?story=...).
_ID_QUERY = frozenset({"p", "id", "idx", "aid", "story", "article", "articleid", "newsid", "news_id", "no"})
_DATE_PART = re.compile(r"^(?:(?:19|20)\d{2}|0?[1-9]|[12]\d|3[01])$")
_DATED_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/|$)|/(?:19|20)\d{2}-\d{2}-\d{2}\b|\b(?:19|20)\d{6}\b")
_SLUG_WORD = re.compile(r"[^\W_]+")
_TEXT_NODES = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::a)]")
_LONG_P = 80  # characters: shorter <p> are captions, teasers and bylines


def classify_page(html: HtmlInput, url: str) -> PageKind:
    """'article' or 'listing' for a page. Use page_evidence() to see why."""
    return page_evidence(html, url).kind


def page_evidence(html: HtmlInput, url: str) -> PageEvidence:
    """The verdict with its scored reasons (structured data, URL shape, text density)."""
    tree = parse_html(html)
    reasons: list[tuple[str, int]] = []
    reasons += _url_signals(url)
    reasons += _structured_signals(tree)
    reasons += _density_signals(tree)
    body = tree.find("body")
    if body is not None:
        reasons += _discussion_signals(body, url)
        if not any(name == "text:long-paragraphs" for name, _ in reasons):
            pointer = _pointer_signals(body, url)
            if pointer:  # a teaser is short by design: no paragraphs says nothing against it
                reasons = [(n, 0 if n == "text:no-paragraphs" else p) for n, p in reasons]
            reasons += pointer
    score = sum(points for _, points in reasons)
    kind = PageKind.ARTICLE if score > 0 else PageKind.LISTING
    return PageEvidence(kind, score, tuple(f"{name} {points:+d}" for name, points in reasons))


def _url_signals(url: str) -> list[tuple[str, int]]:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items()}
    has_id = bool(query.keys() & _ID_QUERY)
    if not segments and not has_id:
        return [("url:homepage", -10)]
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    words = _SLUG_WORD.findall(last)
    slug = last.count("-") + last.count("_") >= 3 and len(words) >= 4
    for i, seg in enumerate(segments):
        # /tag/x/ and /author/jane-roe/ list; /topics/politics/a-long-story-slug is a story.
        if _LISTING_SEGMENT.match(seg.rsplit(".", 1)[0]) and not (slug and i <= len(segments) - 3):
            return [(f"url:listing-segment:{seg.lower()}", -10)]
    named = _query_names_listing(query)
    if named:
        return [(f"url:listing-query:{named}", -10)]
    if segments and all(_DATE_PART.match(seg) for seg in segments[-3:]) and \
            _DATE_PART.match(segments[-1]) and not has_id:
        return [("url:date-archive", -4)]  # /2024/05/ or /2024/05/06/: a day's or month's list
    if query.keys() & _SEARCH_QUERY:
        return [("url:search", -10)]
    if not has_id and any(query.get(k, "0").isdigit() and int(query.get(k, "0")) > 1 for k in _PAGE_QUERY):
        return [("url:pagination", -10)]
    found: list[tuple[str, int]] = [("url:id-query", 1)] if has_id else []
    if _DATED_PATH.search(parts.path):
        found.append(("url:dated", 2))
    if slug:
        found.append(("url:slug", 2))
    elif re.search(r"\d{5,}", last):
        found.append(("url:numeric-id", 1))
    elif len(segments) == 1 and len(words) <= 2 and "." not in segments[0]:
        found.append(("url:short-section", -1))
    return found


def _query_names_listing(query: dict[str, str]) -> str | None:
    """A short query value that names a non-story page: print, poll, gallery..."""
    for key, value in query.items():
        tokens = _QUERY_VALUE_TOKEN.findall(value)
        if not _ACTION_KEY.match(key) or len(value) > 24 or not 1 <= len(tokens) <= 2:
            continue
        for token in tokens:
            if _USE_VALUE.match(token):
                return token.lower()
    return None


def _structured_signals(tree: HtmlElement) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    types = _jsonld_top_types(tree)
    if types & _ARTICLE_LD:
        found.append(("jsonld:article", 3))
    if types & _LISTING_LD:
        found.append(("jsonld:listing", -3))
    og_type = {v.strip().lower() for v in tree.xpath('//meta[@property="og:type"]/@content')}
    if "article" in og_type:
        found.append(("og:type=article", 2))
    elif og_type & {"website", "profile"}:
        found.append(("og:type=website", -1))
    if tree.xpath('//meta[@property="article:published_time"]'):
        found.append(("meta:published_time", 1))
    robots = " ".join(tree.xpath('//meta[@name="robots" or @name="ROBOTS"]/@content')).lower()
    if "noindex" in robots:
        found.append(("meta:noindex", -3))  # print and e-mail copies, searches, filters
    itemtypes = " ".join(tree.xpath("//@itemtype")).lower()
    if re.search(r"schema\.org/(?:news|blog|tech|scholarly)?(?:article|posting)\b", itemtypes):
        found.append(("microdata:article", 2))
    return found


def _jsonld_top_types(tree: HtmlElement) -> set[str]:
    # Top-level objects (and @graph members) only: a listing embeds articles inside ItemList.
    types: set[str] = set()
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        items += [g for d in items if isinstance(d, dict) for g in d.get("@graph", []) or []]
        for item in items:
            t = item.get("@type") if isinstance(item, dict) else None
            types.update(n.lower() for n in (t if isinstance(t, list) else [t]) if isinstance(n, str))
    return types


def _density_signals(tree: HtmlElement) -> list[tuple[str, int]]:
    body = tree.find("body")
    if body is None:
        return [("text:empty", -2)]
    long_ps = [len(t) for t in (p.text_content().strip() for p in body.iter("p")) if len(t) >= _LONG_P]
    text_words = len(" ".join(body.itertext()).split()) or 1
    link_words = sum(len(a.text_content().split()) for a in body.iter("a"))
    found: list[tuple[str, int]] = []
    if len(long_ps) >= 4 and sum(long_ps) >= 800:
        found.append(("text:long-paragraphs", 2))
    elif len(long_ps) >= 2 and sum(long_ps) >= 400:
        found.append(("text:some-paragraphs", 1))
    elif len(long_ps) <= 1:
        # Some templates set the body as <br>-separated text in a <div>, with no <p> at all.
        blocks = [len(t) for t in _TEXT_NODES(body) if len(t.strip()) >= _LONG_P]
        if len(blocks) >= 4 and sum(blocks) >= 800:
            found.append(("text:long-text-blocks", 1))
        elif len(blocks) >= 2 and sum(blocks) >= 400:
            # A short story set that way (a brief, a wire copy cut to its first paragraphs)
            # is no evidence either way: the URL and metadata decide.
            found.append(("text:some-text-blocks", 0))
        else:
            found.append(("text:no-paragraphs", -2))
    if link_words / text_words > 0.5:
        found.append(("text:link-heavy", -2))
    teasers = len(body.xpath("//article | //h2[a] | //h3[a]"))
    if teasers >= 6:
        found.append(("text:many-teasers", -2))
    return found + _page_use_signals(body, long_ps)


# An entry signed at its end: "... -- visitor 12", "... — Jane Roe", "... ~ admin".
_SIGNED = re.compile(r"(?:^|\s)(?:--|\u2014|\u2013|~)\s*[^\s.!?,;:]{1,30}(?:\s+[^\s.!?,;:]{1,30}){0,3}\s*$")
_POST_FRAGMENT = re.compile(r"^#\D{0,12}\d+$")  # #post-12, #c3, #12


def _discussion_signals(body: HtmlElement, url: str) -> list[tuple[str, int]]:
    """A forum thread, a guestbook, a comment page: most of the page's text sits in three or
    more sibling entries of one kind, each with its own permalink under the page's URL
    (/t/slug/40/3, #post-3) or its writer's signature. A story followed by its comments
    keeps most of its text outside them, so it stays a story."""
    page_path = urlsplit(url).path.rstrip("/")
    head, _, tail = page_path.rpartition("/")
    # A post's own URL (/t/slug/40/3) shows its thread too: its siblings' links are under /40.
    roots = (page_path, head) if tail.isdigit() and head else (page_path,)
    groups: dict[tuple, list[int]] = {}
    for el in body.iter("div", "li", "p", "article", "section", "tr", "blockquote"):
        text = " ".join(el.text_content().split())
        if len(text) < 40 or el.getparent() is None:
            continue
        if not (_SIGNED.search(text) or _has_permalink(el, roots, url)):
            continue
        key = (id(el.getparent()), el.tag, el.get("class", ""))
        groups.setdefault(key, []).append(len(text))
    if not groups:
        return []
    entries = max(groups.values(), key=sum)
    long_text = sum(len(t) for t in (" ".join(p.text_content().split()) for p in body.iter("p"))
                    if len(t) >= _LONG_P) or 1
    if len(entries) >= 3 and sum(entries) >= 0.6 * long_text:
        return [("structure:discussion", -6)]
    return []


def _has_permalink(el: HtmlElement, roots: tuple[str, ...], page_url: str) -> bool:
    """A link to this entry alone: #post-3, or a number under the thread's path."""
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if _POST_FRAGMENT.match(href):
            return True
        path = urlsplit(urljoin(page_url, href)).path.rstrip("/")
        if any(root and path.startswith(root + "/") and path[len(root) + 1:].isdigit()
               for root in roots):
            return True
    return False


def _page_use_signals(body: HtmlElement, long_ps: list[int]) -> list[tuple[str, int]]:
    """Pages for doing something rather than reading a story, with little text of their
    own: a poll, a photo gallery."""
    found: list[tuple[str, int]] = []
    if sum(long_ps) >= 1000:
        return found  # a story may carry a poll widget or a photo strip
    if len(body.xpath(".//input[@type='radio']")) >= 2:
        found.append(("form:choices", -2))
    if len(body.xpath(".//img")) >= 8:
        found.append(("media:gallery", -2))
    return found


# A teaser's pointer to its story elsewhere: "Read the full story at <a>The Courier</a>", and
# its wording in the languages newsmon meets most ("the whole article", never a bare "more").
_POINTER = re.compile(
    r"\b(?:read|continue\s+reading|see)\s+(?:the\s+)?(?:full|whole|complete|entire|rest\s+of"
    r"\s+the)\s+(?:story|article|report)\b"
    r"|\b(?:den\s+)?(?:ganzen|vollst[äa]ndigen)\s+(?:Artikel|Beitrag|Bericht)\s+(?:weiter)?lesen\b"
    r"|\blire\s+l['’]article\s+(?:complet|entier)\b"
    r"|\b(?:leer|ver|leia|ler|veja)\s+(?:la\s+|a\s+)?(?:noticia|nota|historia|art[ií]culo|"
    r"mat[ée]ria|not[ií]cia|reportagem|artigo)\s+complet[ao]\b"
    r"|\bleggi\s+(?:l['’]articolo|la\s+notizia)\s+complet[ao]\b"
    r"|\blees\s+(?:het\s+)?(?:hele|volledige)\s+(?:artikel|verhaal)\b", re.I)


def _pointer_signals(body: HtmlElement, url: str) -> list[tuple[str, int]]:
    """A short page that points, once, to the full story on another site is that story's
    teaser: a story page, however little text it has (an aggregator's, a partner's)."""
    own = urlsplit(url).netloc.lower()
    pointers = []
    for a in body.iter("a"):
        host = urlsplit(a.get("href") or "").netloc.lower()
        parent = a.getparent()
        if host and host != own and parent is not None and _POINTER.search(parent.text_content()):
            pointers.append(a)
    return [("text:full-story-pointer", 2)] if len(pointers) == 1 else []

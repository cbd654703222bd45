"""JSON-LD: the page's article object, with authors and publisher resolved through @id references.

Yoast/WordPress and many news CMSs publish an @graph whose Article names its author only as
{"@id": ...}; the Person with that @id sits elsewhere in the graph.
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

from lxml.html import HtmlElement

__all__ = ["ARTICLE_TYPES", "jsonld_article", "jsonld_name", "jsonld_authors", "jsonld_url", "ld_str"]

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "socialmediaposting",
    "liveblogposting", "report", "scholarlyarticle", "techarticle", "posting", "webpage",
})


def jsonld_article(tree: HtmlElement) -> dict:
    """The page's article object ({} when none), its @id references resolved."""
    best: dict = {}
    by_id: dict[str, dict] = {}
    for obj in _jsonld_objects(tree):
        if isinstance(obj.get("@id"), str):
            by_id.setdefault(obj["@id"], obj)
        t = obj.get("@type")
        names = {n.lower() for n in (t if isinstance(t, list) else [t]) if isinstance(n, str)}
        if names & ARTICLE_TYPES and (obj.get("headline") or obj.get("datePublished")):
            if not best or ("webpage" in best.get("_types", ()) and "webpage" not in names):
                best = {**obj, "_types": names}
    for key in ("author", "publisher"):
        if key in best:
            best[key] = _resolve(best[key], by_id)
    return best


def _resolve(value: object, by_id: dict[str, dict]) -> object:
    if isinstance(value, list):
        return [_resolve(v, by_id) for v in value]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


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


def ld_str(value: object) -> str | None:
    """A JSON-LD string value, unescaped and whitespace-collapsed; None for anything else."""
    if not isinstance(value, str):
        return None
    return _squash(value) or None


def jsonld_name(value: object) -> str | None:
    """The name of a Person/Organization value (or of the first in a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return ld_str(value.get("name"))
    return ld_str(value)


def jsonld_authors(value: object) -> list[str]:
    """Every author name in an "author" value."""
    items = value if isinstance(value, list) else [value]
    return [n for n in (jsonld_name(i) for i in items) if n]


def jsonld_url(ld: dict, url: str | None) -> str | None:
    """The article's own URL in JSON-LD, trusted only on the page's own host."""
    entity = ld.get("mainEntityOfPage")
    value = ld_str(entity.get("@id") if isinstance(entity, dict) else entity) or ld_str(ld.get("url"))
    if not value or not url or urlsplit(value).scheme not in ("http", "https"):
        return None
    return value if urlsplit(value).hostname == urlsplit(url).hostname else None


def _squash(text: object) -> str:
    # JSON-LD values are often entity-escaped twice ("&#8216;").
    return " ".join(html.unescape(str(text)).split()) if text else ""

"""Render a demo site's layout to servable resources, once its base URL is known."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import boilerplate, feeds
from .boilerplate import article_extras
from .catalog import SiteArticle, slugify
from .layout import PLACEHOLDER_IMAGE, Listing, SiteLayout, site_layout
from .resources import ATOM, HTML, RSS, SVG, TEXT, XML, Resource
from .sites import SiteSpec

TEMPLATES = Path(__file__).parent / "templates"

_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">'
        '<rect width="640" height="360" fill="#9ab"/></svg>\n')


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment for the demo templates (HTML autoescaped)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["slug"] = slugify
    return env


class _Site:
    """URL helpers and shared template context for one site at one base URL."""

    def __init__(self, layout: SiteLayout, base_url: str, demo_date: date) -> None:
        self.layout, self.spec = layout, layout.spec
        self.base = base_url.rstrip("/")
        self.demo_date = demo_date

    def url(self, path: str) -> str:
        return self.base + path

    def common(self) -> dict:
        spec = self.spec
        return {
            "site": spec, "base": self.base, "url": self.url, "year": self.demo_date.year,
            "sections": [(name, self.url(path)) for name, path in self.layout.sections],
            "about_url": self.url(spec.about_path), "contact_url": self.url(spec.contact_path),
            "home_url": self.url("/"), "b": boilerplate,
            "today": self.demo_date.strftime("%A %-d %B %Y"),
        }

    def render(self, template: str, **context) -> str:
        name = f"{self.spec.template}_{template}.html"
        return environment().get_template(name).render(**self.common(), **context)


def _jsonld(site: _Site, article: SiteArticle) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": article.headline, "description": article.summary,
        "mainEntityOfPage": site.url(article.path),
        "datePublished": article.published.isoformat(),
        "dateModified": article.modified.isoformat(),
        "author": [{"@type": "Person", "name": article.author}],
        "publisher": {"@type": "Organization", "name": site.spec.title},
        "keywords": list(article.tags), "articleSection": article.section,
    }
    # '</' must not appear inside a <script> element.
    return json.dumps(data, indent=2, ensure_ascii=False).replace("</", "<\\/")


def _article_page(site: _Site, article: SiteArticle) -> str:
    articles = list(site.layout.articles)
    index = articles.index(article)
    spec = site.spec
    return site.render(
        "article", article=article, extras=article_extras(article, articles),
        canonical=site.url(article.path),
        section_url=site.url(spec.section_path.format(section=article.section)),
        tag_urls=[(t, site.url(spec.tag_path.format(tag=slugify(t)))) for t in article.tags]
        if spec.tag_path else [],
        author_url=site.url(spec.author_path.format(author=slugify(article.author)))
        if spec.author_path else None,
        newer=articles[index - 1] if index else None,
        older=articles[index + 1] if index + 1 < len(articles) else None,
        jsonld=_jsonld(site, article) if spec.sitemaps else "",
        image=site.url(PLACEHOLDER_IMAGE),
    )


def _listing_page(site: _Site, listing: Listing) -> str:
    spec = site.spec
    private = site.url(spec.private_path) if spec.private_path and listing.kind == "home" else None
    return site.render(
        "list", listing=listing,
        prev_url=site.url(listing.prev_path) if listing.prev_path else None,
        next_url=site.url(listing.next_path) if listing.next_path else None,
        feed_url=site.url(spec.feed_path) if spec.feed_advertised and spec.feed_path else None,
        private_url=private,
        link_query=spec.home_link_query if listing.kind == "home" else "",
        tags=sorted({t for a in site.layout.articles for t in a.tags}),
    )


def _file(site: _Site, path: str, kind: str, stamp: datetime) -> Resource:
    spec, articles = site.spec, list(site.layout.articles)
    if kind == "robots":
        return Resource.build(feeds.robots_txt(spec, site.url), TEXT, stamp)
    if kind == "feed":
        text = (feeds.rss_feed if spec.feed == "rss" else feeds.atom_feed)(spec, site.url, articles)
        return Resource.build(text, RSS if spec.feed == "rss" else ATOM, stamp)
    if kind == "sitemap":
        if path == feeds.SITEMAP_INDEX_PATH:
            text = feeds.sitemap_index(site.url, stamp)
        elif path == feeds.NEWS_SITEMAP_PATH:
            text = feeds.news_sitemap(spec, site.url, articles)
        else:
            pages = [p for p, k in site.layout.paths().items()
                     if k in ("home", "section", "tag", "about", "contact")]
            text = feeds.pages_sitemap(site.url, pages, stamp)
        return Resource.build(text, XML, stamp)
    if kind == "asset":
        return Resource.build(_SVG, SVG, stamp - timedelta(days=90))
    template = "private" if kind == "private" else "page"
    return Resource.build(site.render(template, kind=kind), HTML, stamp - timedelta(days=30))


def render_site(spec: SiteSpec, base_url: str, demo_date: date) -> dict[str, Resource]:
    """Every resource of ``spec``'s site keyed by path (with query where it matters)."""
    layout = site_layout(spec, demo_date)
    site = _Site(layout, base_url, demo_date)
    stamp = feeds.newest(list(layout.articles))
    resources = {a.path: Resource.build(_article_page(site, a), HTML, a.modified)
                 for a in layout.articles}
    for listing in layout.listings:
        modified = feeds.newest(list(listing.articles)) if listing.articles else stamp
        resources[listing.path] = Resource.build(_listing_page(site, listing), HTML, modified)
    for path, kind in layout.files:
        resources[path] = _file(site, path, kind, stamp)
    return resources


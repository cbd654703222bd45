"""Ground truth for the demo web: every article page, its story, and what extraction must keep."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .boilerplate import article_extras
from .catalog import SiteArticle
from .layout import SiteLayout, site_layout
from .sites import DemoSite, site_spec
from .stories import DEMO_DATE, split_sentences

PRIVATE_PAGE_MARKER = "must never be fetched by a crawler that obeys robots.txt"
"""A sentence found only on the robots-disallowed page; no article may contain it."""

LISTING_KINDS = ("home", "section", "tag", "author", "about", "contact")


@dataclass(frozen=True)
class ExpectedArticle:
    """One article page on the demo web and what a correct extraction of it looks like."""

    site: str
    url: str                           # the canonical URL (rel=canonical on the page)
    story_id: str                      # shared by syndicated copies; hard negatives differ
    title: str                         # headline, without the " | Site" suffix
    must_contain: list[str]            # sentences of the body that must survive extraction
    must_not_contain: list[str]        # boilerplate on that page that must not
    author: str = ""
    published: str = ""                # ISO 8601 publication time shown on the page
    has_published_meta: bool = True    # whether <meta property="article:published_time">


def _layouts(sites: Iterable[DemoSite],
             demo_date: date) -> list[tuple[DemoSite, SiteLayout]]:
    return [(site, site_layout(site_spec(site.name), demo_date)) for site in sites]


def _distinctive(article: SiteArticle) -> list[str]:
    # The longest sentence of the second paragraph and of the second-to-last one: away from
    # datelines and wire edits at the edges, and never a sentence another story shares.
    picks: list[str] = []
    for index in (1, len(article.paragraphs) - 2):
        sentences = split_sentences(article.paragraphs[index])
        picks.append(max(sentences, key=len))
    return picks


def expected_articles(sites: Iterable[DemoSite],
                      demo_date: date = DEMO_DATE) -> list[ExpectedArticle]:
    """Every article page of the running ``sites``, in site then page order."""
    expected = []
    for site, layout in _layouts(sites, demo_date):
        articles = list(layout.articles)
        for article in articles:
            extras = article_extras(article, articles)
            expected.append(ExpectedArticle(
                site=site.name, url=site.url(article.path), story_id=article.story_id,
                title=article.headline, must_contain=_distinctive(article),
                must_not_contain=list(extras.must_not_contain), author=article.author,
                published=article.published.isoformat(),
                has_published_meta=article.published_meta,
            ))
    return expected


def listing_urls(sites: Iterable[DemoSite], demo_date: date = DEMO_DATE) -> list[str]:
    """HTML pages that must not become articles: home, section, pagination, tag, author,
    about and contact pages."""
    return [site.url(path) for site, layout in _layouts(sites, demo_date)
            for path, kind in layout.paths().items() if kind in LISTING_KINDS]


def disallowed_urls(sites: Iterable[DemoSite], demo_date: date = DEMO_DATE) -> list[str]:
    """Pages that exist and are linked but robots.txt forbids; a polite crawler never asks."""
    return [site.url(path) for site, layout in _layouts(sites, demo_date)
            for path, kind in layout.paths().items() if kind == "private"]


def machine_urls(sites: Iterable[DemoSite], demo_date: date = DEMO_DATE) -> dict[str, str]:
    """robots.txt, feed and sitemap URLs -> their kind ("robots", "feed", "sitemap")."""
    return {site.url(path): kind for site, layout in _layouts(sites, demo_date)
            for path, kind in layout.paths().items() if kind in ("robots", "feed", "sitemap")}

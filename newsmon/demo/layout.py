"""Every page path of a demo site and what kind of page it is, independent of the port."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .catalog import SiteArticle, by_section, site_articles, slugify
from .feeds import NEWS_SITEMAP_PATH, PAGES_SITEMAP_PATH, SITEMAP_INDEX_PATH
from .sites import SiteSpec

PLACEHOLDER_IMAGE = "/static/photo-placeholder.svg"


@dataclass(frozen=True)
class Listing:
    """A page that lists articles: home, section, tag or author page (one page of it)."""

    path: str
    kind: str
    heading: str
    articles: tuple[SiteArticle, ...]
    page: int = 1
    prev_path: str | None = None
    next_path: str | None = None


@dataclass(frozen=True)
class SiteLayout:
    """A site's articles, listing pages and other files, as root-relative paths."""

    spec: SiteSpec
    articles: tuple[SiteArticle, ...]
    listings: tuple[Listing, ...]
    sections: tuple[tuple[str, str], ...]      # (section name, first page path)
    files: tuple[tuple[str, str], ...]         # (path, kind) for everything else

    def paths(self) -> dict[str, str]:
        """Every servable path (query included where it matters) -> kind."""
        kinds = {a.path: "article" for a in self.articles}
        kinds.update({listing.path: listing.kind for listing in self.listings})
        kinds.update(dict(self.files))
        return kinds


def _paged(spec: SiteSpec, kind: str, heading: str, items: list[SiteArticle], size: int,
           first: str, nth: str | None, **fmt: str) -> list[Listing]:
    if not nth:
        return [Listing(first, kind, heading, tuple(items))]
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    paths = [first] + [nth.format(n=n, **fmt) for n in range(2, len(chunks) + 1)]
    return [
        Listing(path=paths[i], kind=kind, heading=heading, articles=tuple(chunk), page=i + 1,
                prev_path=paths[i - 1] if i else None,
                next_path=paths[i + 1] if i + 1 < len(paths) else None)
        for i, chunk in enumerate(chunks)
    ]


def _listings(spec: SiteSpec, articles: list[SiteArticle]) -> list[Listing]:
    listings = _paged(spec, "home", spec.title, articles, spec.home_size, "/",
                      spec.home_page_path)
    for name, items in by_section(articles).items():
        listings += _paged(spec, "section", name.capitalize(), items, spec.section_page_size,
                           spec.section_path.format(section=name), spec.section_page_path,
                           section=name)
    if spec.tag_path:
        tags = sorted({t for a in articles for t in a.tags})
        for tag in tags:
            tagged = tuple(a for a in articles if tag in a.tags)
            listings.append(Listing(spec.tag_path.format(tag=slugify(tag)), "tag", tag, tagged))
    if spec.author_path:
        for author in sorted({a.author for a in articles}):
            written = tuple(a for a in articles if a.author == author)
            path = spec.author_path.format(author=slugify(author))
            listings.append(Listing(path, "author", author, written))
    return listings


def _files(spec: SiteSpec) -> list[tuple[str, str]]:
    files = [("/robots.txt", "robots"), (spec.about_path, "about"),
             (spec.contact_path, "contact")]
    if spec.feed_path:
        files.append((spec.feed_path, "feed"))
    if spec.sitemaps:
        files += [(SITEMAP_INDEX_PATH, "sitemap"), (NEWS_SITEMAP_PATH, "sitemap"),
                  (PAGES_SITEMAP_PATH, "sitemap")]
    if spec.private_path:
        files.append((spec.private_path, "private"))
    if spec.name == "coast-gazette":
        files.append((PLACEHOLDER_IMAGE, "asset"))
    return files


def site_layout(spec: SiteSpec, demo_date: date) -> SiteLayout:
    """The full page map of ``spec``'s site for ``demo_date``."""
    articles = site_articles(spec, demo_date)
    sections = tuple((name, spec.section_path.format(section=name))
                     for name in by_section(articles))
    return SiteLayout(spec, tuple(articles), tuple(_listings(spec, articles)), sections,
                      tuple(_files(spec)))

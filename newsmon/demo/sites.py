"""The demo news sites: names, URL layouts, and which discovery features each one offers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSite:
    """A running demo site: its source name and homepage URL (ends with '/')."""

    name: str
    base_url: str

    def url(self, path: str) -> str:
        """Absolute URL of a site path such as ``/about/``."""
        return self.base_url.rstrip("/") + path


@dataclass(frozen=True)
class SiteSpec:
    """How one demo site lays out its URLs and pages; rendering is driven by this."""

    name: str
    title: str
    tagline: str
    template: str                                  # template file prefix
    article_path: str                              # {section} {yyyy} {mm} {dd} {slug} {num}
    section_path: str                              # {section}
    section_page_path: str                         # {section} {n}, for n >= 2
    section_map: tuple[tuple[str, str], ...] = ()  # story section -> site section
    section_page_size: int = 10
    home_size: int = 50
    home_page_path: str | None = None              # {n}; home pagination when set
    about_path: str = "/about/"
    contact_path: str = "/contact/"
    feed: str | None = None                        # "rss" or "atom"
    feed_path: str | None = None
    feed_advertised: bool = False                  # <link rel="alternate"> on the homepage
    feed_in_sources: bool = False                  # named under feeds: in sources.yaml
    sitemaps: bool = False                         # sitemap index + news sitemap in robots.txt
    disallow: tuple[str, ...] = ()
    tag_path: str | None = None                    # {tag}
    author_path: str | None = None                 # {author}
    private_path: str | None = None                # disallowed page linked from the homepage
    home_link_query: str = ""                      # tracking query on homepage article links
    published_meta_every: int = 0                  # omit article:published_time on every Nth

    def site_section(self, story_section: str) -> str:
        return dict(self.section_map).get(story_section, story_section)


SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        name="daily-planet", title="The Daily Planet",
        tagline="News for Metropolis since 1938", template="planet",
        article_path="/{section}/{yyyy}/{mm}/{dd}/{slug}.html",
        section_path="/section/{section}/", section_page_path="/section/{section}/{n}/",
        section_map=(("tech", "business"),),
        feed="rss", feed_path="/rss.xml", feed_advertised=True,
        disallow=("/search",), published_meta_every=4,
    ),
    SiteSpec(
        name="metro-herald", title="Metro Herald",
        tagline="The city's independent voice", template="herald",
        article_path="/story/{slug}-{num}",
        section_path="/section/{section}", section_page_path="/section/{section}?page={n}",
        section_map=(("business", "money"), ("weather", "news"), ("science", "news"),
                     ("education", "news")),
        section_page_size=2, about_path="/about", contact_path="/contact",
        sitemaps=True, disallow=("/private/",), tag_path="/tag/{tag}",
        private_path="/private/embargoed-budget-draft",
        home_link_query="?utm_source=homepage&utm_medium=web", published_meta_every=3,
    ),
    SiteSpec(
        name="river-times", title="River Times",
        tagline="Stories from the riverside", template="river",
        article_path="/{yyyy}/{mm}/{dd}/{slug}/",
        section_path="/category/{section}/", section_page_path="/category/{section}/page/{n}/",
        section_map=(("business", "community"), ("local", "community"), ("weather", "news"),
                     ("tech", "news"), ("science", "news")),
        section_page_size=2, home_size=4, home_page_path="/page/{n}/",
        disallow=("/wp-admin/",), author_path="/author/{author}/", published_meta_every=5,
    ),
    SiteSpec(
        name="coast-gazette", title="The Coast Gazette",
        tagline="Saltcombe and the coast, every day", template="gazette",
        article_path="/articles/{slug}",
        section_path="/sections/{section}", section_page_path="/sections/{section}/page-{n}",
        section_map=(("tech", "business"), ("science", "news"), ("transport", "news")),
        about_path="/about-us", contact_path="/contact-us",
        feed="atom", feed_path="/feeds/latest.atom", feed_in_sources=True,
        published_meta_every=4,
    ),
)


def site_spec(name: str) -> SiteSpec:
    """The spec of the demo site called ``name``."""
    for spec in SITES:
        if spec.name == name:
            return spec
    raise KeyError(f"no demo site named {name!r}")

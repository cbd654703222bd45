"""The syndication web's sites: five templates serving the planned pages on 127.0.0.1.

Served by the crawler tests' `SimSite`/`TestWeb` (tests/crawlers/simweb.py). Each site has a
homepage listing its live pages newest first, a sitemap named in robots.txt, and article
pages in its own template: `modern` (<article>, JSON-LD, figure, related aside), `table`
(an old table layout, <br>-separated text, no metadata), `portal` (gallery captions shown
twice, "Image 2 of 6", photo credits, widgets and related lists between paragraphs, script
text), `stamps` (posting stamps "Posted 3:10 PM, by Associated Press; Updated ...", credits
without "By", the AP's rights line), `blog` (WordPress-like: share, related, tags, comments).
`style=2` lays each kind out another way (syndication_style2.py).
"""

from __future__ import annotations

import html
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawlers"))

from crawl_testweb import Resource  # noqa: E402
from simweb import SimSite  # noqa: E402
from syndication_style2 import SecondStyle  # noqa: E402
from syndication_web import SITE_KINDS, Page  # noqa: E402

__all__ = ["SyndicationSite", "serve"]

NAMES = {"modern": ("courier", "The Courier"), "table": ("valley", "Valley Gazette Online"),
         "portal": ("metroportal", "MetroPortal"), "stamps": ("channel9", "Channel 9 News"),
         "blog": ("riverside", "Riverside Notes")}
_AUTHORS = ["Kim Ellison", "Rafael Ortiz", "Beth Summers", "Nikhil Rao", "Grace Obi"]
_e = html.escape


class SyndicationSite(SecondStyle, SimSite):
    """One site of the web; `registry` maps site kinds to sites (for teaser links)."""

    def __init__(self, kind: str, pages: list[Page], registry: dict, seed: int = 1,
                 style: int = 1) -> None:
        super().__init__(seed)
        self.kind, self.style = kind, style
        self.name, self.title = NAMES[kind]
        self.pages = {p.path: p for p in pages if p.site == kind}
        self.registry = registry
        registry[kind] = self

    @property
    def robots(self) -> str:
        return f"User-agent: *\nDisallow: /admin/\nSitemap: {self.base}/sitemap.xml\n"

    def live(self) -> list[Page]:
        return sorted((p for p in self.pages.values() if p.day <= self.day),
                      key=lambda p: (-p.day, -p.serial))

    def identify(self, path, query):
        full = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        page = self.pages.get(full)
        return full if page and page.day <= self.day else None

    def canonical(self, article):
        return article

    def published(self, day):
        return {p.path for p in self.pages.values() if p.day <= day}

    def answer(self, path, query):
        article = self.identify(path, query)
        if article:
            return Resource(self.render(self.pages[article]).encode())
        if path == "/":
            links = "".join(f"<li><a href='{_e(p.path)}'>{_e(p.title)}</a></li>" for p in self.live())
            return Resource(f"<!doctype html><html><head><title>{self.title}</title></head><body>"
                            f"<h1>{self.title}</h1><ul class='latest'>{links}</ul></body></html>"
                            .encode())
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{_e(self.base + p.path)}</loc></url>" for p in self.live())
            return Resource(f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                            f"sitemap/0.9'>{urls}</urlset>".encode(), "application/xml")
        return None

    # -- templates ---------------------------------------------------------------------------
    def render(self, page: Page) -> str:
        rng = random.Random(page.serial * 31 + self.seed)
        paras = list(page.paras)
        if page.dateline and self.kind in ("table", "stamps") and paras:
            paras[0] = page.dateline + paras[0]
        if page.target:
            site = self.registry[page.target[0]]
            paras.append(f"Read the full story at <a href='{_e(site.base + page.target[1])}'>"
                         f"{_e(site.title)}</a>")
        others = [p for p in self.live() if p.path != page.path]
        related = rng.sample(others, min(4, len(others)))
        body = getattr(self, f"_{self.kind}{'2' if self.style == 2 else ''}")(page, paras, related, rng)
        return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
                f"{_e(page.title)} | {self.title}</title>{self._head(page)}</head>"
                f"<body>{body}</body></html>")

    def _head(self, page: Page) -> str:
        when = f"2024-05-0{page.day}T{8 + page.serial % 10:02d}:{page.serial % 60:02d}:00Z"
        if self.kind == "table":
            return ""
        ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                         "headline": page.title, "datePublished": when})
        meta = f"<meta property='article:published_time' content='{when}'>"
        if self.kind == "modern":
            return (f"<link rel='canonical' href='{self.base}{page.path}'><meta property='og:type'"
                    f" content='article'><script type='application/ld+json'>{ld}</script>{meta}")
        if self.kind == "blog":
            return meta
        return f"<meta property='og:type' content='article'>{meta}"

    @staticmethod
    def _links(pages: list[Page]) -> str:
        return "".join(f"<li><a href='{_e(p.path)}'>{_e(p.title)}</a></li>" for p in pages)

    def _modern(self, page, paras, related, rng) -> str:
        ps = [f"<p>{self._raw(page, paras, p)}</p>" for p in paras]
        if len(ps) > 3:
            ps.insert(3, f"<aside class='related'><h3>Related</h3><ul>{self._links(related[:3])}"
                         "</ul></aside>")
        return (f"<header><nav><a href='/'>Home</a> <a href='/'>World</a> <a href='/'>Business"
                f"</a> <a href='/'>Sport</a></nav></header><main><article><h1>{_e(page.title)}"
                f"</h1><div class='byline'>By {rng.choice(_AUTHORS)}</div><time datetime="
                f"'2024-05-0{page.day}'>May {page.day}, 2024</time><figure><img src='/img/"
                f"{page.serial}.jpg'><figcaption>{_e(self._caption(page, rng))}</figcaption>"
                f"</figure><div class='article-body'>{''.join(ps)}</div><p class='share'>Share "
                f"this article</p></article></main><aside class='sidebar'><h2>Most popular</h2>"
                f"<ol>{self._links(related)}</ol></aside><footer><p>&copy; 2024 The Courier. "
                "All rights reserved.</p><a href='/'>About us</a> <a href='/'>Contact</a></footer>")

    def _table(self, page, paras, related, rng) -> str:
        text = "<br><br>".join(self._raw(page, paras, p) for p in paras)
        return (f"<table width='780' border='0'><tr><td colspan='2'><img src='/logo.gif'> "
                f"<b>Valley Gazette Online</b> | Serving the valley since 1998</td></tr><tr><td "
                f"width='150' valign='top'><a href='/'>Home</a><br><a href='/'>News</a><br><a "
                f"href='/'>Sports</a><br><a href='/'>Obituaries</a><br><a href='/'>Classifieds"
                f"</a></td><td valign='top'><font face='Arial' size='2'><b><font size='4'>"
                f"{_e(page.title)}</font></b><br>Published: May {page.day}, 2024<br><br>{text}"
                f"<br><br><i>Copyright 2024 Valley Gazette. All rights reserved.</i><br><a href="
                f"'/'>Printer-friendly version</a> | <a href='/'>E-mail this story</a></font>"
                f"<br><br><b>Other stories:</b><br>{'<br>'.join(self._links(related[:3]).split('</li>'))}"
                "</td></tr></table>")

    def _portal(self, page, paras, related, rng) -> str:
        caps = [self._caption(page, rng) for _ in range(6)]
        slides = "".join(f"<div class='slide'><img src='/g/{page.serial}-{k}.jpg'><p class="
                         f"'count'>Image {k + 1} of 6</p><p class='caption'>{_e(c)}</p><p class="
                         f"'credit'>Photo: {rng.choice(_AUTHORS)}, AP</p></div>"
                         for k, c in enumerate(caps))
        ps = [f"<p>{self._raw(page, paras, p)}</p>" for p in paras]
        for at, widget in ((2, "<div class='newsletter'><p>Sign up for the MetroPortal morning "
                                "briefing and get the day's top stories in your inbox.</p></div>"),
                           (5, f"<div class='related'><h4>More on MetroPortal</h4><ul>"
                               f"{self._links(related)}</ul></div>")):
            if len(ps) > at:
                ps.insert(at, widget)
        thumbs = "".join(f"<li><p>{_e(c)}</p></li>" for c in caps)
        return (f"<div id='breaking'>Breaking: {_e(related[0].title if related else '')}</div>"
                f"<nav><a href='/'>Home</a> <a href='/'>News</a> <a href='/'>Photos</a></nav>"
                f"<div class='content'><h1>{_e(page.title)}</h1><div class='meta'>MetroPortal "
                f"| May {page.day}, 2024</div><div class='gallery'>{slides}</div><div class="
                f"'story-body'>{''.join(ps)}</div><ul class='thumbs'>{thumbs}</ul><div class="
                f"'trending'><h4>Trending now</h4><ol>{self._links(related)}</ol></div><script>"
                f"window.dataLayer = window.dataLayer || []; dataLayer.push({{'story': "
                f"{page.serial}}});</script><p>Advertisement</p></div>")

    def _stamps(self, page, paras, related, rng) -> str:
        h, m = 1 + page.serial % 11, page.serial * 7 % 60
        ps = "".join(f"<p>{self._raw(page, paras, p)}</p>" for p in paras)
        a, b = rng.sample(_AUTHORS, 2)
        return (f"<div class='masthead'><a href='/'>Channel 9 News</a> | Weather | Traffic | "
                f"Watch live</div><article class='story'><h1>{_e(page.title)}</h1><div class="
                f"'stamp'>Posted {h}:{m:02d} PM, May {page.day}, 2024, by Associated Press; "
                f"Updated {h + 1}:{(m + 13) % 60:02d} PM</div><div class='credits'>{a.upper()} and "
                f"{b.upper()}, Associated Press</div><div class='body'>{ps}</div><p>Copyright 2024"
                " The Associated Press. All rights reserved. This material may not be published, "
                f"broadcast, rewritten or redistributed.</p></article><div class='more'><h3>More "
                f"headlines</h3><ul>{self._links(related)}</ul></div>")

    def _blog(self, page, paras, related, rng) -> str:
        ps = "".join(f"<p>{self._raw(page, paras, p)}</p>" for p in paras)
        rel = "".join(f"<li><a href='{_e(p.path)}'>{_e(p.title)}</a> <span>May {p.day}, 2024"
                      "</span></li>" for p in related[:3])
        return (f"<div id='page'><header class='site-header'><p class='site-title'>Riverside "
                f"Notes</p><p class='site-description'>News and views from the riverside</p>"
                f"</header><div id='content'><article class='post type-post'><header class="
                f"'entry-header'><h1 class='entry-title'>{_e(page.title)}</h1><div class="
                f"'entry-meta'>Posted on May {page.day}, 2024 by riverside_admin</div></header>"
                f"<div class='entry-content'>{ps}<div class='sharedaddy'><h3>Share this:</h3>"
                f"<ul><li>Twitter</li><li>Facebook</li></ul></div><div class='jp-relatedposts'>"
                f"<h3>Related</h3><ul>{rel}</ul></div></div><footer class='entry-footer'>Posted "
                f"in News | Tagged local, wire | <a href='/'>Leave a comment</a></footer></article>"
                f"<div id='comments'><h2>2 thoughts on \u201c{_e(page.title)}\u201d</h2><ol><li>"
                f"Thanks for sharing this.</li><li>Interesting read, {rng.choice(_AUTHORS)}.</li>"
                f"</ol></div></div><aside id='secondary'><h2>Recent Posts</h2><ul>"
                f"{self._links(related)}</ul></aside></div>")

    @staticmethod
    def _caption(page: Page, rng: random.Random) -> str:
        words = page.title.split()
        k = rng.randrange(max(1, len(words) - 3))
        return (f"{rng.choice(_AUTHORS)} looks on during an event about "
                f"{' '.join(words[k:k + 3]).lower()} on {rng.choice(['Monday', 'Tuesday', 'Wednesday'])}"
                f" in {rng.choice(['the city', 'the capital', 'a suburb'])}.")


def serve(pages: list[Page], seed: int = 1, style: int = 1) -> list[SyndicationSite]:
    """Start one site per template on 127.0.0.1 (day 1); stop each with .stop(). Style 3:
    the sites alternate between styles 1 and 2; style 4: between 2 and 1."""
    registry: dict = {}
    mixed = {3: lambda i: 1 + i % 2, 4: lambda i: 2 - i % 2}
    return [SyndicationSite(kind, pages, registry, seed, mixed[style](i) if style in mixed
                            else style).start() for i, kind in enumerate(SITE_KINDS)]

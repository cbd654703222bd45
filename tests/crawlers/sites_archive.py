"""Two archive-heavy sites: one whose older stories are listed only by an endlessly faceted
archive (?sort=&tag=&page=), one with deep pagination (navigation on top) that keeps finding
stories, a feed, and an endless events calendar beside it."""

from __future__ import annotations

import re

from crawl_testweb import Resource
from simweb import SimSite, html_page, link_list, prose, slug_of, title_of

TAGS = ("all", "politics", "money", "science", "sport")
SORTS = ("new", "old", "popular")
_STORY = re.compile(r"^/story/(\d+)$")
_POST = re.compile(r"^/p/(\d+)/([a-z-]+)/$")
_EVENTS = re.compile(r"^/events/(\d{4})/(\d{2})/$")


class Facets(SimSite):
    name = "facets"

    def __init__(self, seed: int = 3, stories: int = 60):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, stories + 1)}
        self.days.update({n: 2 for n in range(stories + 1, stories + 6)})

    def live(self) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day), reverse=True)

    def identify(self, path, query):
        m = _STORY.match(path)
        return f"fa-{m.group(1)}" if m and self.days.get(int(m.group(1)), 9) <= self.day else None

    def canonical(self, article):
        return f"/story/{article.split('-')[1]}"

    def published(self, day):
        return {f"fa-{n}" for n, d in self.days.items() if d <= day}

    def _facet(self, query) -> tuple[str, str, int]:
        return (query.get("sort", "new"), query.get("tag", "all"),
                int(query.get("page", "1")) if query.get("page", "1").isdigit() else 1)

    def _items(self, sort: str, tag: str) -> list[int]:
        items = [n for n in self.live() if tag == "all" or TAGS[n % 4 + 1] == tag]
        if sort == "old":
            return items[::-1]
        if sort == "popular":
            return sorted(items, key=lambda n: (n * 37) % 101)
        return items

    def is_trap(self, path, query):
        if path != "/archive":
            return False
        sort, tag, page = self._facet(query)
        return sort != "new" or (page - 1) * 10 >= len(self._items(sort, tag))

    def answer(self, path, query):
        if self.identify(path, query):
            n = int(_STORY.match(path).group(1))
            body = "".join(f"<p>{p}</p>" for p in prose(self.seed * 1000 + n))
            head = (f'<link rel="canonical" href="{self.base}/story/{n}">'
                    '<meta property="og:type" content="article">')
            return html_page(title_of(n), f"<a href='/'>Home</a> <a href='/archive'>Archive</a>"
                             f"<article><h1>{title_of(n)}</h1>{body}</article>", head)
        if path == "/":
            links = [(f"/story/{n}", title_of(n)) for n in self.live()[:6]]
            return html_page("Home", f"<a href='/archive'>Archive</a>{link_list(links)}")
        if path == "/archive":
            return self._archive(*self._facet(query))
        return None

    def _archive(self, sort: str, tag: str, page: int) -> Resource:
        items = self._items(sort, tag)[(page - 1) * 10: page * 10]
        facets = [(f"/archive?sort={s}&tag={t}&page=1", f"{s} {t}") for s in SORTS for t in TAGS]
        pages = [(f"/archive?sort={sort}&tag={tag}&page={page + 1}", "Next page")]
        if page > 1:
            pages.append((f"/archive?sort={sort}&tag={tag}&page={page - 1}", "Previous page"))
        stories = [(f"/story/{n}", title_of(n)) for n in items] or [("/", "No stories")]
        return html_page(f"Archive {sort} {tag} {page}", link_list(facets) + link_list(stories)
                         + link_list(pages))


class Deep(SimSite):
    name = "deep"
    robots = "User-agent: *\nDisallow: /wp-admin/\nDisallow: /search\n"
    PER_PAGE = 6

    def __init__(self, seed: int = 4, posts: int = 150):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, posts + 1)}
        self.days.update({n: 2 for n in range(posts + 1, posts + 5)})

    def live(self) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day), reverse=True)

    def path_of(self, n: int) -> str:
        return f"/p/{n}/{slug_of(self.seed * 1000 + n)}/"

    def identify(self, path, query):
        m = _POST.match(path)
        if not m or self.days.get(int(m.group(1)), 9) > self.day:
            return None
        return f"dp-{m.group(1)}" if self.path_of(int(m.group(1))) == path else None

    def canonical(self, article):
        return self.path_of(int(article.split("-")[1]))

    def published(self, day):
        return {f"dp-{n}" for n, d in self.days.items() if d <= day}

    def is_trap(self, path, query):
        return path.startswith("/events/")

    def answer(self, path, query):
        if self.identify(path, query):
            return self._post(int(_POST.match(path).group(1)))
        if path == "/":
            return self._page(1)
        m = re.match(r"^/latest/page/(\d+)/$", path)
        if m:
            return self._page(int(m.group(1)))
        if path == "/feed/":
            items = "".join(f"<item><title>{title_of(n)}</title><link>{self.base}{self.path_of(n)}"
                            "</link></item>" for n in self.live()[:10])
            return Resource(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Deep</title>"
                            f"{items}</channel></rss>".encode(), "application/rss+xml")
        m = _EVENTS.match(path)
        if m or path == "/events/":
            y, mo = (int(m.group(1)), int(m.group(2))) if m else (2024, 5)
            nxt, prv = (y + mo // 12, mo % 12 + 1), (y - (mo == 1), (mo - 2) % 12 + 1)
            links = [(f"/events/{a}/{b:02d}/", f"{a}-{b}") for a, b in (prv, nxt)]
            return html_page(f"Events {y}-{mo}", f"<h1>Events</h1><p>No events.</p>{link_list(links)}")
        return None

    def _nav(self) -> str:
        return ("<nav><a href='/'>Home</a> <a href='/events/'>Events</a> "
                "<a href='/search?q=news'>Search</a></nav>")

    def _page(self, page: int) -> Resource | None:
        items = self.live()[(page - 1) * self.PER_PAGE: page * self.PER_PAGE]
        if not items:
            return None
        numbers = " ".join(f"<a href='/latest/page/{k}/'>{k}</a>" for k in range(1, page + 3)
                           if (k - 1) * self.PER_PAGE < len(self.live()))
        older = f"<a href='/latest/page/{page + 1}/'>Older</a>"
        teasers = "".join(f"<article><h2><a href='{self.path_of(n)}'>{title_of(n)}</a></h2>"
                          f"<p>{prose(n, 1, 1)[0]}</p></article>" for n in items)
        head = "<link rel='alternate' type='application/rss+xml' href='/feed/'>"
        return html_page(f"Latest {page}", f"{self._nav()}<div class='pages'>{numbers} {older}"
                         f"</div>{teasers}", head)

    def _post(self, n: int) -> Resource:
        body = "".join(f"<p>{p}</p>" for p in prose(self.seed * 1000 + n))
        head = (f"<link rel='canonical' href='{self.base}{self.path_of(n)}'>"
                "<meta property='og:type' content='article'>")
        return html_page(title_of(n), f"{self._nav()}<article><h1>{title_of(n)}</h1>{body}"
                         "</article>", head)

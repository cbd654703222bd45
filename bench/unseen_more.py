"""More unseen sites (see unseen_web.py): a tag-combination and nested-login web, a WordPress
blog, and a ColdFusion portal with a numeric session parameter."""

from __future__ import annotations

import itertools
import re
from urllib.parse import quote

from crawl_testweb import Resource
from simweb import SimSite, html_page, link_list, prose, slug_of, title_of

TAGS = ("ai", "cloud", "chips", "privacy", "startups", "mobile", "games", "space")


class TechWire(SimSite):
    name = "tech-wire"

    def __init__(self, seed: int = 13, stories: int = 48):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, stories + 1)}
        self.days.update({n: 2 for n in range(stories + 1, stories + 7)})

    @property
    def robots(self):
        return f"User-agent: *\nDisallow: /search\nSitemap: {self.base}/sitemap-news.xml\n"

    def tags(self, n: int) -> set[str]:
        return {TAGS[n % 8], TAGS[(n * 3 + 1) % 8]}

    def live(self, combo: set[str] = frozenset()) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day and combo <= self.tags(n)),
                      reverse=True)

    def path_of(self, n: int) -> str:
        return f"/2024/05/{n % 27 + 1:02d}/{slug_of(self.seed * 100 + n)}"

    def identify(self, path, query):
        m = re.match(r"^/2024/05/\d\d/([a-z-]+)$", path)
        hits = [n for n in self.live() if m and self.path_of(n) == path]
        return f"tw-{hits[0]}" if hits else None

    def canonical(self, article):
        return self.path_of(int(article.split("-")[1]))

    def published(self, day):
        return {f"tw-{n}" for n, d in self.days.items() if d <= day}

    def is_trap(self, path, query):
        m = re.match(r"^/topics/([a-z+]+)", path)
        return path.startswith("/account/") or bool(m and m.group(1).count("+") >= 2)

    def _chrome(self, here: str) -> str:
        login = f"/account/login?returnUrl={quote(here, safe='')}"
        topics = " ".join(f"<a href='/topics/{t}'>{t}</a>" for t in TAGS)
        return f"<header><a href='/'>Tech Wire</a> {topics} <a href='{login}'>Sign in</a></header>"

    def answer(self, path, query):
        here = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        if self.identify(path, query):
            n = int(self.identify(path, query).split("-")[1])
            text = "".join(f"<p>{p}</p>" for p in prose(self.seed * 100 + n))
            head = (f"<link rel='canonical' href='{self.base}{self.path_of(n)}'>"
                    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script>")
            tags = " ".join(f"<a href='/topics/{t}'>{t}</a>" for t in sorted(self.tags(n)))
            return html_page(title_of(n), f"{self._chrome(here)}<main><h1>{title_of(n)}</h1>"
                             f"{text}<p>Tags: {tags}</p></main>", head)
        if path == "/":
            return html_page("Tech Wire", self._chrome(here) + self._list(self.live()[:8]))
        if path == "/sitemap-news.xml":
            urls = "".join(f"<url><loc>{self.base}{self.path_of(n)}</loc></url>"
                           for n in self.live()[:10])
            return Resource(f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                            f"sitemap/0.9'>{urls}</urlset>".encode(), "application/xml")
        m = re.match(r"^/topics/([a-z+]+)(?:/page/(\d+))?$", path)
        if m and set(m.group(1).split("+")) <= set(TAGS):
            return self._topic(sorted(set(m.group(1).split("+"))), int(m.group(2) or 1), here)
        if path.startswith("/account/"):
            back = query.get("returnUrl", "/")
            links = [(f"/account/{p}?returnUrl={quote(here, safe='')}", p)
                     for p in ("register", "forgot")] + [(back, "Back")]
            return html_page("Sign in", f"{self._chrome(here)}<form><input name='u'>"
                             f"<input type='password'></form>{link_list(links)}")
        return None

    def _list(self, items: list[int]) -> str:
        return link_list([(self.path_of(n), title_of(n)) for n in items])

    def _topic(self, combo: list[str], page: int, here: str) -> Resource | None:
        items = self.live(set(combo))
        chunk = items[(page - 1) * 6: page * 6]
        if page > 1 and not chunk:
            return None
        name = "+".join(combo)
        more = [(f"/topics/{name}/page/{page + 1}", "Older")] if page * 6 < len(items) else []
        refine = [("/topics/" + "+".join(sorted(set(combo) ^ {t})), f"toggle {t}")
                  for t in TAGS if set(combo) ^ {t}]
        return html_page(f"Topic {name}", self._chrome(here) + self._list(chunk)
                         + link_list(more + refine))


class CityBlog(SimSite):
    """WordPress: ?p= shortlinks that redirect, ?replytocom= links, dated archives (which look
    like story URLs), attachment pages, categories and authors."""

    name = "city-blog"
    CATS = ("neighbourhood", "food", "transport")

    def __init__(self, seed: int = 14, posts: int = 40):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, posts + 1)}
        self.days.update({n: 2 for n in range(posts + 1, posts + 5)})

    def live(self, cat: str | None = None, day: int | None = None) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day
                       and (cat is None or self.CATS[n % 3] == cat)
                       and (day is None or n % 20 + 1 == day)), reverse=True)

    def path_of(self, n: int) -> str:
        return f"/2024/05/{n % 20 + 1:02d}/{slug_of(self.seed * 100 + n)}/"

    def identify(self, path, query):
        hits = [n for n in self.live() if self.path_of(n) == path]
        return f"cb-{hits[0]}" if hits and "attachment" not in path else None

    def canonical(self, article):
        return self.path_of(int(article.split("-")[1]))

    def published(self, day):
        return {f"cb-{n}" for n, d in self.days.items() if d <= day}

    def is_trap(self, path, query):
        return "replytocom" in query

    def answer(self, path, query):
        if path == "/" and query.get("p", "").isdigit():
            n = int(query["p"])
            return Resource(b"", status=301, location=self.path_of(n)) if n in self.live() else None
        if self.identify(path, query):
            return self._post(int(self.identify(path, query).split("-")[1]))
        m = re.match(r"^/2024/05/(\d\d)/([a-z-]+)/attachment/photo/$", path)
        if m and self.identify(path.split("attachment")[0], {}):
            return html_page("Photo", f"{self._side()}<img src='/wp-content/p.jpg'>"
                             "<p class='caption'>A photo.</p>")
        return self._archive(path)

    def _side(self) -> str:
        recent = [(f"/?p={n}", title_of(n)) for n in self.live()[:5]]
        cats = [(f"/category/{c}/", c) for c in self.CATS] + [("/2024/05/", "May 2024")]
        return f"<aside>{link_list(recent)}{link_list(cats)}</aside>"

    def _archive(self, path: str) -> Resource | None:
        m = re.match(r"^(/(?:category/([a-z]+)/|2024/05/(?:(\d\d)/)?|author/([a-z]+)/)?)"
                     r"(?:page/(\d+)/)?$", path)
        if not m or (m.group(2) and m.group(2) not in self.CATS):
            return None
        if m.group(4) and m.group(4) not in ("maria", "tom"):
            return None
        items = self.live(m.group(2), int(m.group(3)) if m.group(3) else None)
        if m.group(4):
            items = [n for n in items if ("maria", "tom")[n % 2] == m.group(4)]
        page = int(m.group(5) or 1)
        chunk = items[(page - 1) * 5: page * 5]
        if not chunk:
            return None
        base = m.group(1) or "/"
        more = f"<a class='next' href='{base}page/{page + 1}/'>Older posts</a>" \
            if page * 5 < len(items) else ""
        posts = "".join(f"<article class='post'><h2><a href='{self.path_of(n)}'>{title_of(n)}</a>"
                        f"</h2><p>{prose(n, 1, 2)[0]}</p></article>" for n in chunk)
        return html_page("City blog", f"{posts}{more}{self._side()}")

    def _post(self, n: int) -> Resource:
        text = "".join(f"<p>{p}</p>" for p in prose(self.seed * 100 + n))
        author = ("maria", "tom")[n % 2]
        comments = "".join(f"<li><p>{prose(n * 9 + k, 1, 1)[0][:70]}</p><a href='{self.path_of(n)}"
                           f"?replytocom={n * 10 + k}#respond'>Reply</a></li>" for k in range(4))
        head = f"<link rel='canonical' href='{self.base}{self.path_of(n)}'>"
        return html_page(title_of(n), f"<article><h1>{title_of(n)}</h1><p>by <a href='/author/"
                         f"{author}/'>{author}</a></p>{text}<a href='{self.path_of(n)}attachment/"
                         f"photo/'><img src='/p.jpg'></a></article><ol>{comments}</ol>"
                         f"{self._side()}", head)


class OldPortal(SimSite):
    """ColdFusion: index.cfm?fuseaction=...&visit=<6 digits, fresh per response>, an endless
    month archive, a poll with vote links. No validators, no rel=canonical."""

    name = "old-portal"
    robots = "User-agent: *\nDisallow: /*fuseaction=admin\n"

    def __init__(self, seed: int = 15, items: int = 36):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, items + 1)}
        self.days.update({n: 2 for n in range(items + 1, items + 5)})
        self._visits = itertools.count(104729)

    def live(self, month: int | None = None) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day
                       and (month is None or 3 + n % 3 == month)), reverse=True)

    def identify(self, path, query):
        if path != "/index.cfm" or query.get("fuseaction") != "news.detail":
            return None
        n = int(query["itemKey"]) if query.get("itemKey", "").isdigit() else 0
        return f"op-{n}" if n in self.live() else None

    def canonical(self, article):
        return f"/index.cfm?fuseaction=news.detail&itemKey={article.split('-')[1]}"

    def published(self, day):
        return {f"op-{n}" for n, d in self.days.items() if d <= day}

    def resource(self, path, query):
        return super().resource(path, {k: v for k, v in query.items() if k != "visit"})

    def is_trap(self, path, query):
        action = query.get("fuseaction", "")
        if action == "news.archive":
            return (query.get("year"), query.get("month")) not in \
                (("2024", "3"), ("2024", "4"), ("2024", "5"))
        return action.startswith("poll")

    def answer(self, path, query):
        if path not in ("/", "/index.cfm"):
            return None
        v = f"{next(self._visits) * 7919 % 900000 + 100000}"
        u = lambda q: f"index.cfm?{q}&visit={v}"  # noqa: E731
        menu = (f"<a href='{u('fuseaction=home')}'>Home</a><br><a href='"
                f"{u('fuseaction=news.archive&month=5&year=2024')}'>News archive</a><br>"
                f"<a href='{u('fuseaction=poll.show&pollKey=1')}'>Poll</a>")
        action = query.get("fuseaction", "home")
        if self.identify(path, query):
            n = int(query["itemKey"])
            text = "<br><br>".join(prose(self.seed * 100 + n))
            main = f"<span class='headline'>{title_of(n)}</span><br><span class='bodytext'>{text}</span>"
        elif action == "home":
            main = self._items(u, self.live()[:5])
        elif action == "news.archive" and query.get("month", "").isdigit():
            y, m = int(query.get("year", "2024") or 2024), int(query["month"])
            prv, nxt = ((y, m - 1) if m > 1 else (y - 1, 12)), ((y, m + 1) if m < 12 else (y + 1, 1))
            items = self.live(m) if y == 2024 else []
            main = (self._items(u, items) + f"<a href='{u(f'fuseaction=news.archive&month={prv[1]}&year={prv[0]}')}'>"
                    f"Previous month</a> <a href='{u(f'fuseaction=news.archive&month={nxt[1]}&year={nxt[0]}')}'>"
                    "Next month</a>")
        elif action in ("poll.show", "poll.vote"):
            votes = " ".join(f"<a href='{u(f'fuseaction=poll.vote&pollKey=1&answer={k}')}'>Answer {k}"
                             "</a>" for k in range(1, 5))
            main = f"<b>Should the town build a new pool?</b><br>{votes}<br>Results: 40% yes"
        else:
            return None
        page = html_page("Town portal", f"<table><tr><td valign='top'>{menu}</td><td>{main}"
                         "</td></tr></table>")
        page.validators = ()  # dynamic pages, no ETag, no Last-Modified
        return page

    def _items(self, u, items: list[int]) -> str:
        return "<table>" + "".join(
            f"<tr><td><a href='{u(f'fuseaction=news.detail&itemKey={n}')}'>{title_of(n)}</a>"
            f"</td></tr>" for n in items) + "</table>"

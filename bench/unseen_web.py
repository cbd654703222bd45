"""The unseen web: generated sites shaped unlike anything the crawler was tuned on.

Nothing in crawlers/ was adjusted against these sites; bench/crawl_budget.py --web unseen
reports how the crawler does on them. Shapes: a session id in a path segment, fresh on every
response; print and e-mail copies of stories, an endless day-by-day events calendar and an
endless "load more" cursor; a tag-combination explosion and a login link that nests its own
return URL; WordPress-style ?p= shortlinks, ?replytocom= comment links, dated archives and
attachment pages; a portal whose session is a 6-digit `visit=` number and whose news archive is
an endless month calendar.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from crawl_testweb import Resource
from simweb import SimSite, html_page, link_list, prose, slug_of, title_of
from unseen_more import CityBlog, OldPortal, TechWire

_SESSION = re.compile(r"^/\(S\(([a-z0-9]+)\)\)(/.*)$")


class MetroDaily(SimSite):
    """ASP.NET-style cookieless sessions: /(S(token))/... on every link, fresh per response;
    the same pages answer without the segment. No rel=canonical."""

    name = "metro-daily"
    robots = "User-agent: *\nDisallow: /admin/\n"
    SECTIONS = ("city", "state", "nation", "sports")

    def __init__(self, seed: int = 11, per_section: int = 15):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, per_section * 4 + 1)}
        self.days.update({n: 2 for n in range(per_section * 4 + 1, per_section * 4 + 9)})

    def _strip(self, path: str) -> str:
        m = _SESSION.match(path)
        return m.group(2) if m else path

    def live(self, section: str | None = None) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day and
                       (section is None or self.SECTIONS[n % 4] == section)), reverse=True)

    def identify(self, path, query):
        m = re.match(r"^/article/(\d+)/([a-z-]+)\.aspx$", self._strip(path))
        if not m or self.days.get(int(m.group(1)), 9) > self.day:
            return None
        return f"md-{m.group(1)}" if m.group(2) == slug_of(self.seed * 100 + int(m.group(1))) \
            else None

    def canonical(self, article):
        n = int(article.split("-")[1])
        return f"/article/{n}/{slug_of(self.seed * 100 + n)}.aspx"

    def published(self, day):
        return {f"md-{n}" for n, d in self.days.items() if d <= day}

    def resource(self, path, query):
        return super().resource(self._strip(path), query)

    def is_trap(self, path, query):
        return False  # the cost shows as requests beyond the site's own pages

    def answer(self, path, query):
        s = f"/(S({self.fresh()[:12]}{self.fresh()[:12]}))"
        path = self._strip(path)
        nav = " | ".join(f"<a href='{s}/section/{x}/default.aspx'>{x}</a>" for x in self.SECTIONS)
        nav = f"<div class='nav'><a href='{s}/default.aspx'>Home</a> | {nav}</div>"
        if self.identify(path, query):
            n = int(path.split("/")[2])
            text = "".join(f"<p>{p}</p>" for p in prose(self.seed * 100 + n))
            return html_page(title_of(n), f"{nav}<div id='story'><h1>{title_of(n)}</h1>{text}</div>")
        if path in ("/", "/default.aspx"):
            return html_page("Metro", nav + self._teasers(s, self.live()[:8]))
        m = re.match(r"^/section/([a-z]+)/(?:default|page(\d+))\.aspx$", path)
        if m and m.group(1) in self.SECTIONS:
            page = int(m.group(2) or 1)
            items = self.live(m.group(1))
            chunk = items[(page - 1) * 5: page * 5]
            if not chunk:
                return None
            more = (f"<a href='{s}/section/{m.group(1)}/page{page + 1}.aspx'>More</a>"
                    if page * 5 < len(items) else "")
            return html_page(m.group(1), nav + self._teasers(s, chunk) + more)
        return None

    def _teasers(self, s: str, items: list[int]) -> str:
        return link_list([(f"{s}{self.canonical(f'md-{n}')}", title_of(n)) for n in items])


class CountyHerald(SimSite):
    """Stories with print and e-mail copies, an endless day-by-day events calendar with event
    pages, and a "load more" cursor that never ends."""

    name = "county-herald"
    robots = "User-agent: *\nDisallow: /subscribe\n"

    def __init__(self, seed: int = 12, stories: int = 45):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, stories + 1)}
        self.days.update({n: 2 for n in range(stories + 1, stories + 6)})

    def live(self) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day), reverse=True)

    def identify(self, path, query):
        m = re.match(r"^/stories/2024/05/(\d+)\.html$", path)
        return f"ch-{m.group(1)}" if m and self.days.get(int(m.group(1)), 9) <= self.day else None

    def canonical(self, article):
        return f"/stories/2024/05/{article.split('-')[1]}.html"

    def published(self, day):
        return {f"ch-{n}" for n, d in self.days.items() if d <= day}

    def is_trap(self, path, query):
        if path == "/calendar/":
            return True
        if path == "/news/more":
            return int(query.get("offset", "0") or 0) >= len(self.live())
        return path.startswith(("/print/", "/email/"))

    def answer(self, path, query):
        nav = "<p><a href='/'>Home</a> <a href='/news/'>News</a> <a href='/calendar/'>Events</a></p>"
        if self.identify(path, query):
            return self._story(int(path.split("/")[-1][:-5]), nav)
        if path.startswith(("/print/", "/email/")) and self.identify(path[6:], query):
            n = int(path.split("/")[-1][:-5])
            if path.startswith("/print/"):
                text = "".join(f"<p>{p}</p>" for p in prose(self.seed * 100 + n))
                return html_page(title_of(n), f"<h1>{title_of(n)}</h1>{text}")
            return html_page("E-mail this story", f"<h1>E-mail: {title_of(n)}</h1><form>"
                             "<input name='to'><textarea name='note'></textarea></form>"
                             f"<p>{prose(n, 1, 2)[0]}</p>")
        if path == "/":
            return html_page("County Herald", nav + self._teasers(self.live()[:6]))
        if path == "/news/":
            return html_page("News", nav + self._teasers(self.live()[:10]) +
                             "<a class='load-more' href='/news/more?offset=10'>Load more</a>")
        if path == "/news/more":
            off = int(query.get("offset", "0") or 0)
            # A fragment, as a script would insert it; past the end it still offers more.
            return Resource((self._teasers(self.live()[off:off + 10]) +
                             f"<a class='load-more' href='/news/more?offset={off + 10}'>Load more"
                             "</a>").encode())
        if path == "/calendar/":
            return self._calendar(query.get("date", "2024-05-01"))
        m = re.match(r"^/events/(\d+)$", path)
        if m:
            return html_page("Event", f"{nav}<h1>Event {m.group(1)}</h1><p>When: 7 pm. Where: "
                             f"the town hall.</p><p>{prose(int(m.group(1)), 1, 2)[0]}</p>")
        return None

    def _teasers(self, items: list[int]) -> str:
        return "".join(f"<div class='teaser'><a href='/stories/2024/05/{n}.html'>{title_of(n)}"
                       f"</a><span>{prose(n, 1, 1)[0][:90]}</span></div>" for n in items)

    def _story(self, n: int, nav: str) -> Resource:
        text = "".join(f"<p>{p}</p>" for p in prose(self.seed * 100 + n))
        tools = (f"<a href='/print/stories/2024/05/{n}.html'>Print</a> "
                 f"<a href='/email/stories/2024/05/{n}.html'>E-mail</a>")
        return html_page(title_of(n), f"{nav}<h1>{title_of(n)}</h1><p class='date'>May 2024</p>"
                         f"{text}{tools}", '<meta name="description" content="story">')

    def _calendar(self, date: str) -> Resource:
        y, m, d = (int(x) for x in date.split("-")) if re.match(r"^\d{4}-\d\d-\d\d$", date) \
            else (2024, 5, 1)
        ordinal = y * 372 + m * 31 + d
        nxt = f"{y}-{m:02d}-{d + 1:02d}" if d < 28 else f"{y + m // 12}-{m % 12 + 1:02d}-01"
        prv = f"{y}-{m:02d}-{d - 1:02d}" if d > 1 else f"{y - (m == 1)}-{(m - 2) % 12 + 1:02d}-28"
        events = [(f"/events/{ordinal % 40}", "Town meeting")] if ordinal % 3 == 0 else []
        links = events + [(f"/calendar/?date={quote(prv)}", "Previous day"),
                          (f"/calendar/?date={quote(nxt)}", "Next day")]
        return html_page(f"Events {date}", f"<h1>What's on, {date}</h1>{link_list(links)}")


def unseen_sites(seed: int = 1) -> list:
    return [MetroDaily(seed + 10), CountyHerald(seed + 11), TechWire(seed + 12),
            CityBlog(seed + 13), OldPortal(seed + 14)]

"""A second unseen web, written after the crawler's changes were done and run once, untouched.

Shapes: a Discourse-style community (/community/t/<slug>/<id>, per-post URLs); comment pages
of stories (?cpage=) and a short fresh `jsid` on every link; short opaque story URLs
(/a/<base36>), offset pagination, a `?since=<timestamp>` trending page that never repeats,
video pages; English and German editions with dated German archives; a Perl CGI site whose
guestbook pages go on forever and whose stories take a `hl=` highlight parameter.
"""

from __future__ import annotations

import re
import time

from crawl_testweb import Resource
from simweb import SimSite, html_page, link_list, prose, slug_of, title_of


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


class _Numbered(SimSite):
    """Stories 1..n published on day 1, a few more on day 2."""

    prefix = "x"

    def __init__(self, seed: int, stories: int, extra: int = 4):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, stories + 1)}
        self.days.update({n: 2 for n in range(stories + 1, stories + extra + 1)})

    def live(self) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day), reverse=True)

    def published(self, day):
        return {f"{self.prefix}-{n}" for n, d in self.days.items() if d <= day}

    def _id(self, n: int | None) -> str | None:
        return f"{self.prefix}-{n}" if n is not None and self.days.get(n, 9) <= self.day else None

    def text(self, n: int) -> str:
        return "".join(f"<p>{p}</p>" for p in prose(self.seed * 1000 + n))


class RiverTimes(_Numbered):
    name, prefix = "river-times", "rt"

    def __init__(self, seed=21):
        super().__init__(seed, 40)

    def path_of(self, n):
        return f"/news/{n}-{slug_of(self.seed * 1000 + n)}"

    def identify(self, path, query):
        m = re.match(r"^/news/(\d+)-[a-z-]+$", path)
        return self._id(int(m.group(1))) if m and path == self.path_of(int(m.group(1))) else None

    def canonical(self, article):
        return self.path_of(int(article.split("-")[1]))

    def is_trap(self, path, query):
        return path.startswith("/community/")

    def answer(self, path, query):
        nav = "<nav><a href='/'>Home</a> <a href='/community/'>Community</a></nav>"
        if self.identify(path, query):
            n = int(path.split("/")[2].split("-")[0])
            return html_page(title_of(n), f"{nav}<article><h1>{title_of(n)}</h1>{self.text(n)}"
                             f"</article><a href='/community/t/{slug_of(n)}/{n}'>Discuss</a>",
                             f"<link rel='canonical' href='{self.base}{self.path_of(n)}'>")
        m = re.match(r"^/(?:page/(\d+)/)?$", path)
        if m:
            page = int(m.group(1) or 1)
            items = self.live()[(page - 1) * 8: page * 8]
            more = f"<a href='/page/{page + 1}/'>Older</a>" if page * 8 < len(self.live()) else ""
            return html_page("River Times", nav + link_list(
                [(self.path_of(n), title_of(n)) for n in items]) + more) if items else None
        if path in ("/community/", "/community/c/general"):
            return html_page("Community", nav + link_list(
                [(f"/community/t/{slug_of(t)}/{t}", title_of(t)) for t in range(1, 9)]))
        m = re.match(r"^/community/t/([a-z-]+)/(\d+)(?:/(\d+))?$", path)
        if m:
            t = int(m.group(2))
            posts = "".join(f"<div class='topic-post'><a href='/community/t/{m.group(1)}/{t}/{k}'>"
                            f"#{k}</a><p>{prose(t * 31 + k, 1, 4)[0]}</p></div>" for k in range(1, 7))
            related = [(f"/community/t/{slug_of(u)}/{u}", title_of(u)) for u in (t * 3 % 900 + 1,
                                                                                   t * 7 % 900 + 1)]
            return html_page(title_of(t), f"{nav}<h1>{title_of(t)}</h1>{posts}{link_list(related)}")
        return None


class ValleyPost(_Numbered):
    name, prefix = "valley-post", "vp"

    def __init__(self, seed=22):
        super().__init__(seed, 36)

    def identify(self, path, query):
        m = re.match(r"^/news/([a-z-]+)$", path)
        hits = [n for n in self.live() if m and slug_of(self.seed * 1000 + n) == m.group(1)]
        return self._id(hits[0]) if hits and "cpage" not in query else None

    def canonical(self, article):
        return f"/news/{slug_of(self.seed * 1000 + int(article.split('-')[1]))}"

    def resource(self, path, query):
        return super().resource(path, {k: v for k, v in query.items() if k != "jsid"})

    def is_trap(self, path, query):
        return path == "/calendar" or "cpage" in query

    def answer(self, path, query):
        j = self.fresh()[:10]
        nav = (f"<nav><a href='/?jsid={j}'>Home</a> <a href='/calendar?date=2024-05-01&jsid={j}'>"
               "Calendar</a></nav>")
        m = re.match(r"^/news/([a-z-]+)$", path)
        hits = [n for n in self.live() if m and slug_of(self.seed * 1000 + n) == m.group(1)]
        if hits:
            n, cpage = hits[0], int(query.get("cpage", "1") or 1)
            comments = "".join(f"<li>{prose(n * 50 + cpage * 5 + k, 1, 1)[0][:90]}</li>"
                               for k in range(3))
            return html_page(title_of(n), f"{nav}<h1>{title_of(n)}</h1>{self.text(n)}<ol>"
                             f"{comments}</ol><a href='/news/{m.group(1)}?cpage={cpage + 1}&jsid={j}'>"
                             "More comments</a>")
        if path == "/":
            page = int(query.get("p", "1") or 1)
            items = self.live()[(page - 1) * 6: page * 6]
            more = f"<a href='/?p={page + 1}&jsid={j}'>Next</a>" if page * 6 < len(self.live()) else ""
            return html_page("Valley Post", nav + link_list(
                [(f"/news/{slug_of(self.seed * 1000 + n)}?jsid={j}", title_of(n)) for n in items])
                + more) if items else None
        if path == "/calendar":
            d = int(query.get("date", "2024-05-01")[-2:] or 1)
            return html_page("Calendar", nav + link_list(
                [(f"/calendar?date=2024-05-{(d % 28) + 1:02d}&jsid={j}", "next day")]))
        return None


class HarborNews(_Numbered):
    name, prefix = "harbor-news", "hn"
    SECTIONS = ("local", "port", "weather")

    def __init__(self, seed=23):
        super().__init__(seed, 45)

    def identify(self, path, query):
        m = re.match(r"^/a/([0-9a-z]+)$", path)
        hits = [n for n in self.live() if m and _base36(n * 7919) == m.group(1)]
        return self._id(hits[0]) if hits else None

    def canonical(self, article):
        return f"/a/{_base36(int(article.split('-')[1]) * 7919)}"

    def is_trap(self, path, query):
        return path == "/trending"

    def answer(self, path, query):
        nav = ("<nav><a href='/'>Home</a> " + " ".join(f"<a href='/s/{s}'>{s}</a>"
               for s in self.SECTIONS) + f" <a href='/trending?since={time.time():.3f}'>Trending</a></nav>")
        art = self.identify(path, query)
        if art:
            n = int(art.split("-")[1])
            return html_page(title_of(n), f"{nav}<main><h1>{title_of(n)}</h1>{self.text(n)}</main>"
                             f"<a href='/v/{n}'>Watch the video</a>",
                             "<meta property='og:type' content='article'>")
        if path == "/":
            return html_page("Harbor", nav + self._list(self.live()[:5]))
        m = re.match(r"^/s/([a-z]+)$", path)
        if m and m.group(1) in self.SECTIONS:
            items = [n for n in self.live() if self.SECTIONS[n % 3] == m.group(1)]
            off = int(query.get("offset", "0") or 0)
            more = f"<a href='/s/{m.group(1)}?offset={off + 5}'>More</a>" if off + 5 < len(items) else ""
            return html_page(m.group(1), nav + self._list(items[off:off + 5]) + more)
        if path == "/trending":
            return html_page("Trending", nav + self._list(self.live()[:3]))
        m = re.match(r"^/v/(\d+)$", path)
        if m and self._id(int(m.group(1))):
            return html_page("Video", f"{nav}<video src='/v.mp4'></video><p>{title_of(int(m.group(1)))}</p>")
        return None

    def _list(self, items):
        return link_list([(f"/a/{_base36(n * 7919)}", title_of(n)) for n in items])


# The German edition's own text (a first version reused the next English story's text, which
# made each German story a copy of an English one: a bug of this web, fixed after its first run).
_DE = 500_000


class EuroEdition(_Numbered):
    name, prefix = "euro-edition", "ee"

    def __init__(self, seed=24):
        super().__init__(seed, 24)

    def path_of(self, n, lang):
        return f"/{lang}/2024/05/{n % 28 + 1:02d}/{slug_of(self.seed * 1000 + n + _DE * (lang == 'de'))}"

    def published(self, day):
        return {f"ee-{n}-{lang}" for n, d in self.days.items() if d <= day for lang in ("en", "de")}

    def identify(self, path, query):
        m = re.match(r"^/(en|de)/2024/05/\d\d/[a-z-]+$", path)
        hits = [n for n in self.live() if m and self.path_of(n, m.group(1)) == path]
        return f"ee-{hits[0]}-{m.group(1)}" if hits else None

    def canonical(self, article):
        _, n, lang = article.split("-")
        return self.path_of(int(n), lang)

    def answer(self, path, query):
        art = self.identify(path, query)
        if art:
            _, n, lang = art.split("-")
            n = int(n)
            other = "de" if lang == "en" else "en"
            text = "".join(f"<p>{p}</p>" for p in prose(self.seed * 1000 + n + _DE * (lang == "de")))
            return html_page(title_of(n), f"<a href='/{lang}/'>Home</a><article><h1>{title_of(n)}"
                             f"</h1>{text}</article><a href='{self.path_of(n, other)}'>{other}</a>",
                             f"<link rel='canonical' href='{self.base}{path}'>"
                             "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script>")
        if path == "/":
            return Resource(b"", status=302, location="/en/")
        m = re.match(r"^/(en|de)/(?:(archiv|archive)/2024/05/(\d\d)/)?$", path)
        if m:
            lang = m.group(1)
            items = self.live() if not m.group(3) else [n for n in self.live()
                                                        if n % 28 + 1 == int(m.group(3))]
            items = items if m.group(3) else items[:6]
            days = "".join(f"<a href='/{lang}/{'archiv' if lang == 'de' else 'archive'}/2024/05/{d:02d}/'>{d}</a> "
                           for d in range(1, 29))
            return html_page("Edition", link_list([(self.path_of(n, lang), title_of(n)) for n in items])
                             + days)
        return None


class GazetteCgi(_Numbered):
    name, prefix = "gazette-cgi", "gc"

    def __init__(self, seed=25):
        super().__init__(seed, 30)

    def identify(self, path, query):
        if path != "/cgi-bin/news.pl" or query.get("op") != "view":
            return None
        n = query.get("n", "")
        return self._id(int(n)) if n.isdigit() else None

    def canonical(self, article):
        return f"/cgi-bin/news.pl?op=view&n={article.split('-')[1]}"

    def resource(self, path, query):
        return super().resource(path, {k: v for k, v in query.items() if k != "hl"})

    def is_trap(self, path, query):
        return query.get("op") == "guestbook"

    def answer(self, path, query):
        if path == "/":
            return Resource(b"", status=302, location="/cgi-bin/news.pl?op=list")
        if path != "/cgi-bin/news.pl":
            return None
        menu = ("<a href='news.pl?op=list'>News</a> | <a href='news.pl?op=guestbook&p=1'>Guestbook</a>")
        op = query.get("op")
        if self.identify(path, query):
            n = int(query["n"])
            words = "<br>".join(f"<a href='news.pl?op=view&n={n}&hl={w}'>{w}</a>" for w in ("river", "vote"))
            return html_page(title_of(n), f"{menu}<h2>{title_of(n)}</h2>{self.text(n)}<p>Highlight: {words}</p>")
        if op == "list":
            p = int(query.get("p", "1") or 1)
            items = self.live()[(p - 1) * 6: p * 6]
            more = f"<a href='news.pl?op=list&p={p + 1}'>next</a>" if p * 6 < len(self.live()) else ""
            return html_page("News", menu + link_list(
                [(f"news.pl?op=view&n={n}", title_of(n)) for n in items]) + more) if items else None
        if op == "guestbook":
            p = int(query.get("p", "1") or 1)
            entries = "".join(f"<p>{prose(p * 10 + k, 1, 3)[0]} -- visitor {p}{k}</p>" for k in range(4))
            return html_page("Guestbook", f"{menu}<h2>Guestbook page {p}</h2>{entries}"
                             f"<a href='news.pl?op=guestbook&p={p + 1}'>older entries</a>")
        return None


def unseen2_sites(seed: int = 1) -> list:
    return [RiverTimes(), ValleyPost(), HarborNews(), EuroEdition(), GazetteCgi()]

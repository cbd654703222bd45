"""A third unseen web, written last, after every crawler change, and run once for the report.

Shapes: a Blogger-style blog (?updated-max= timestamp cursors, ?showComment= links, ?m=1
mobile copies, /search/label/ pages); a site whose stories are listed only by its feed and a
sitemap index of monthly sitemaps, beside an endless alphabetical tag index; a JSP site with
;jsessionid= paths, ?cid=&aid= stories and an issue archive that goes back forty issues one
"previous issue" link at a time; a photo site whose picture galleries have a page per slide.
"""

from __future__ import annotations

import re

from crawl_testweb import Resource
from simweb import SimSite, html_page, link_list, prose, slug_of, title_of


class _Stories(SimSite):
    prefix = "s"

    def __init__(self, seed: int, stories: int, extra: int = 4):
        super().__init__(seed)
        self.days = {n: 1 for n in range(1, stories + 1)}
        self.days.update({n: 2 for n in range(stories + 1, stories + extra + 1)})

    def live(self) -> list[int]:
        return sorted((n for n, d in self.days.items() if d <= self.day), reverse=True)

    def published(self, day):
        return {f"{self.prefix}-{n}" for n, d in self.days.items() if d <= day}

    def ok(self, n: int) -> str | None:
        return f"{self.prefix}-{n}" if self.days.get(n, 9) <= self.day else None

    def body(self, n: int) -> str:
        return "".join(f"<p>{p}</p>" for p in prose(self.seed * 1000 + n))


class PlainBlog(_Stories):
    name, prefix = "plain-blog", "pb"
    LABELS = ("travel", "food", "family")

    def __init__(self, seed=31):
        super().__init__(seed, 35)

    def path_of(self, n):
        return f"/2024/{n % 12 + 1:02d}/{slug_of(self.seed * 1000 + n)}.html"

    def identify(self, path, query):
        hits = [n for n in self.live() if self.path_of(n) == path]
        return self.ok(hits[0]) if hits else None

    def canonical(self, article):
        return self.path_of(int(article.split("-")[1]))

    def is_trap(self, path, query):
        return "showComment" in query or query.get("m") == "1"

    def answer(self, path, query):
        if self.identify(path, query):
            n = int(self.identify(path, query).split("-")[1])
            comments = "".join(f"<div class='comment'><a href='{self.path_of(n)}?showComment="
                               f"{1714550000000 + n * 10 + k}#c{k}'>May {k + 1}</a> Nice post!</div>"
                               for k in range(3))
            head = f"<link rel='canonical' href='{self.base}{self.path_of(n)}'>"
            return html_page(title_of(n), f"<a href='/'>Home</a><h3 class='post-title'>{title_of(n)}"
                             f"</h3><div class='post-body'>{self.body(n)}</div>{comments}"
                             f"<a href='{self.path_of(n)}?m=1'>Mobile version</a>", head)
        if path == "/" or (path.startswith("/search/label/") and path[14:] in self.LABELS):
            label = path[14:] if path != "/" else None
            items = [n for n in self.live() if label is None or self.LABELS[n % 3] == label]
            cursor = int(query.get("updated-max", "0") or 0) or 10**9
            items = [n for n in items if n < cursor]
            page = items[:7]
            older = (f"<a class='blog-pager-older-link' href='{path}?updated-max={page[-1]}"
                     f"&max-results=7'>Older Posts</a>") if len(items) > 7 else ""
            labels = " ".join(f"<a href='/search/label/{lb}'>{lb}</a>" for lb in self.LABELS)
            posts = "".join(f"<h3><a href='{self.path_of(n)}'>{title_of(n)}</a></h3>" for n in page)
            return html_page("Blog", f"{labels}{posts}{older}")
        return None


class WireFeed(_Stories):
    name, prefix = "wire-feed", "wf"

    def __init__(self, seed=32):
        super().__init__(seed, 40)

    @property
    def robots(self):
        return f"User-agent: *\nSitemap: {self.base}/sitemap_index.xml\n"

    def identify(self, path, query):
        m = re.match(r"^/story/(\d+)\.htm$", path)
        return self.ok(int(m.group(1))) if m else None

    def canonical(self, article):
        return f"/story/{article.split('-')[1]}.htm"

    def is_trap(self, path, query):
        return path == "/tags"

    def answer(self, path, query):
        feed_head = "<link rel='alternate' type='application/rss+xml' href='/rss.xml'>"
        if self.identify(path, query):
            n = int(path.split("/")[2][:-4])
            return html_page(title_of(n), f"<a href='/'>Wire</a> <a href='/tags?letter=a'>Tags</a>"
                             f"<h1>{title_of(n)}</h1>{self.body(n)}", feed_head)
        if path == "/":
            return html_page("Wire", "<a href='/tags?letter=a'>Tags</a>" + link_list(
                [(f"/story/{n}.htm", title_of(n)) for n in self.live()[:3]]), feed_head)
        if path == "/rss.xml":
            items = "".join(f"<item><title>{title_of(n)}</title><link>{self.base}/story/{n}.htm</link>"
                            "</item>" for n in self.live()[:15])
            return Resource(f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel>"
                            "</rss>".encode(), "application/rss+xml")
        if path == "/sitemap_index.xml":
            maps = "".join(f"<sitemap><loc>{self.base}/sitemap-2024-{m:02d}.xml</loc></sitemap>"
                           for m in range(1, 6))
            return Resource(f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/"
                            f"schemas/sitemap/0.9'>{maps}</sitemapindex>".encode(), "application/xml")
        m = re.match(r"^/sitemap-2024-(\d\d)\.xml$", path)
        if m:
            urls = "".join(f"<url><loc>{self.base}/story/{n}.htm</loc></url>" for n in self.live()
                           if n % 5 + 1 == int(m.group(1)))
            return Resource(f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                            f"sitemap/0.9'>{urls}</urlset>".encode(), "application/xml")
        if path == "/tags":
            letter, page = query.get("letter", "a"), int(query.get("page", "1") or 1)
            letters = " ".join(f"<a href='/tags?letter={c}'>{c}</a>" for c in "abcdefghijklmnopqrstuvwxyz")
            return html_page("Tags", f"{letters}<p>No tags.</p><a href='/tags?letter={letter}"
                             f"&page={page + 1}'>more</a>")
        return None


class IssueArchive(_Stories):
    name, prefix = "issue-archive", "ia"
    ISSUES = 40

    def __init__(self, seed=33):
        super().__init__(seed, self.ISSUES * 3, extra=3)

    def issue_of(self, n):
        return (n - 1) // 3 + 1

    def identify(self, path, query):
        if not re.match(r"^/portal/article\.jsp(;jsessionid=[A-Z0-9]+)?$", path):
            return None
        aid = query.get("aid", "")
        return self.ok(int(aid)) if aid.isdigit() else None

    def canonical(self, article):
        n = int(article.split("-")[1])
        return f"/portal/article.jsp?aid={n}&cid={n % 4}"

    def answer(self, path, query):
        sid = ";jsessionid=" + self.fresh()[:16].upper()
        if self.identify(path, query) and query.get("cid") == str(int(query["aid"]) % 4):
            n = int(query["aid"])
            return html_page(title_of(n), f"<a href='/portal/index.jsp{sid}'>Home</a><div class="
                             f"'story'><h2>{title_of(n)}</h2>{self.body(n)}</div>")
        newest = self.issue_of(self.live()[0])
        m = re.match(r"^/portal/(?:index|issue)\.jsp", path)
        if path == "/" or m:
            issue = int(query.get("no", newest) or newest)
            if not 1 <= issue <= newest:
                return None
            items = [n for n in self.live() if self.issue_of(n) == issue]
            prev = f"<a href='/portal/issue.jsp{sid}?no={issue - 1}'>Previous issue</a>" if issue > 1 else ""
            return html_page(f"Issue {issue}", link_list(
                [(f"/portal/article.jsp{sid}?aid={n}&cid={n % 4}", title_of(n)) for n in items]) + prev)
        return None


class PhotoNews(_Stories):
    name, prefix = "photo-news", "pn"

    def __init__(self, seed=34):
        super().__init__(seed, 30)

    def identify(self, path, query):
        m = re.match(r"^/nachrichten/(\d+)/$", path)
        return self.ok(int(m.group(1))) if m else None

    def canonical(self, article):
        return f"/nachrichten/{article.split('-')[1]}/"

    def answer(self, path, query):
        nav = "<nav><a href='/'>Start</a> <a href='/fotostrecken/'>Fotos</a></nav>"
        if self.identify(path, query):
            n = int(path.split("/")[2])
            return html_page(title_of(n), f"{nav}<h1>{title_of(n)}</h1>{self.body(n)}"
                             f"<a href='/fotostrecke/{n % 10}/1'>Bilder</a>")
        if path == "/":
            page = int(query.get("seite", "1") or 1)
            items = self.live()[(page - 1) * 6: page * 6]
            more = f"<a href='/?seite={page + 1}'>Weiter</a>" if page * 6 < len(self.live()) else ""
            return html_page("Start", nav + link_list(
                [(f"/nachrichten/{n}/", title_of(n)) for n in items]) + more) if items else None
        if path == "/fotostrecken/":
            return html_page("Fotos", nav + link_list(
                [(f"/fotostrecke/{g}/1", f"Strecke {g}") for g in range(10)]))
        m = re.match(r"^/fotostrecke/(\d+)/(\d+)$", path)
        if m and int(m.group(2)) <= 12:
            g, k = int(m.group(1)), int(m.group(2))
            nxt = f"<a href='/fotostrecke/{g}/{k + 1}'>Nächstes Bild</a>" if k < 12 else ""
            return html_page("Bild", f"{nav}<img src='/b/{g}-{k}.jpg'><p>{title_of(g * 20 + k)}</p>{nxt}")
        return None


def unseen3_sites(seed: int = 1) -> list:
    return [PlainBlog(), WireFeed(), IssueArchive(), PhotoNews()]

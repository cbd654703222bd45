"""An old table-layout site: `<font>` tags, no semantic markup, no rel=canonical, no og/JSON-LD,
`article.php?id=N` URLs, `?start=` pagination, author pages that alone list some articles,
printer-friendly copies of every story, and Last-Modified as its only validator."""

from __future__ import annotations

import hashlib

from crawl_testweb import Resource
from simweb import SimSite, prose, title_of

CATS = {1: "Local news", 2: "Sports", 3: "Letters"}
AUTHORS = {1: "J. Smith", 2: "M. Garcia", 3: "K. Novak"}
PER_PAGE = 5


def _page(title: str, cells: str) -> Resource:
    menu = "<br>".join(['<a href="/">Home</a>'] + [f'<a href="list.php?cat={c}">{n}</a>'
                                                  for c, n in CATS.items()])
    body = (f"<html><head><title>Valley Gazette - {title}</title></head>"
            "<body bgcolor='#ffffff'><table width='760' border='0' cellpadding='4'>"
            "<tr><td colspan='2'><font face='Arial' size='5'><b>Valley Gazette</b></font></td></tr>"
            f"<tr><td width='150' valign='top'><font size='2'>{menu}</font></td>"
            f"<td valign='top'>{cells}</td></tr></table></body></html>").encode("latin-1")
    # An old server: Last-Modified only, derived from the body so a change moves it.
    minute = int(hashlib.sha1(body).hexdigest(), 16) % 60
    return Resource(body, "text/html; charset=iso-8859-1", validators=("last-modified",),
                    last_modified=f"Wed, 01 May 2024 07:{minute:02d}:00 GMT")


class OldTable(SimSite):
    name = "old-table"
    robots = "User-agent: *\nDisallow: /cgi-bin/\n"

    def __init__(self, seed: int = 2, per_cat: int = 14):
        super().__init__(seed)
        self.catalogue: dict[int, tuple[int, int, int]] = {}  # id -> cat (0: none), author, day
        n = 0
        for day, count, only_author in ((1, per_cat, 2), (2, 2, 1)):
            for cat in CATS:
                for _ in range(count):
                    n += 1
                    self.catalogue[n] = (cat, n % 3 + 1, day)
            for author in AUTHORS:
                for _ in range(only_author):
                    n += 1
                    self.catalogue[n] = (0, author, day)

    def live(self, cat: int | None = None, author: int | None = None) -> list[int]:
        return sorted((n for n, (c, a, d) in self.catalogue.items() if d <= self.day
                       and (cat is None or c == cat) and (author is None or a == author)),
                      reverse=True)

    def identify(self, path, query):
        if path != "/article.php" or not query.get("id", "").isdigit():
            return None
        n = int(query["id"])
        return f"ot-{n}" if n in self.catalogue and self.catalogue[n][2] <= self.day else None

    def canonical(self, article):
        return f"/article.php?id={article.split('-')[1]}"

    def published(self, day):
        return {f"ot-{n}" for n, (_, _, d) in self.catalogue.items() if d <= day}

    def resource(self, path, query):
        if path == "/article.php":
            query = {"id": query.get("id", "")}
        return super().resource(path, query)

    def answer(self, path, query):
        if self.identify(path, query):
            return self._article(int(query["id"]))
        if path in ("/", "/index.php"):
            latest = [n for n in self.live() if self.catalogue[n][0]][:6]
            return _page("Home", "<font size='4'><b>Latest</b></font><br>" + self._rows(latest))
        if path == "/list.php" and query.get("cat", "").isdigit() and int(query["cat"]) in CATS:
            return self._list("list.php?cat=" + query["cat"], CATS[int(query["cat"])],
                              self.live(cat=int(query["cat"])), query)
        if path == "/author.php" and query.get("id", "").isdigit() and int(query["id"]) in AUTHORS:
            a = int(query["id"])
            return self._list(f"author.php?id={a}", AUTHORS[a], self.live(author=a), query)
        if path == "/print.php" and self.identify("/article.php", query):
            n = int(query["id"])
            text = "<br><br>".join(prose(self.seed * 1000 + n))
            return _page("Print", f"<font size='2'><b>{title_of(n)}</b><br><br>{text}</font>")
        return None

    def _rows(self, items: list[int]) -> str:
        return "<table>" + "".join(
            f"<tr><td><font face='Arial' size='2'><a href='article.php?id={n}'><b>{title_of(n)}"
            f"</b></a><br>{prose(n, 1, 1)[0][:110]}...</font></td></tr>" for n in items) + "</table>"

    def _list(self, base: str, title: str, items: list[int], query) -> Resource | None:
        start = int(query.get("start", "0") or 0)
        if start % PER_PAGE or start > len(items):
            return None
        nxt = (f"<a href='{base}&start={start + PER_PAGE}'>Next &raquo;</a>"
               if start + PER_PAGE < len(items) else "")
        prev = f"<a href='{base}&start={start - PER_PAGE}'>&laquo; Prev</a> " if start else ""
        return _page(title, f"<font size='4'><b>{title}</b></font><br>"
                     f"{self._rows(items[start:start + PER_PAGE])}{prev}{nxt}")

    def _article(self, n: int) -> Resource:
        cat, author, _ = self.catalogue[n]
        text = "<br><br>".join(prose(self.seed * 1000 + n))
        back = f"<a href='list.php?cat={cat}'>Back</a>" if cat else "<a href='/'>Back</a>"
        return _page(title_of(n), f"<font face='Arial' size='4'><b>{title_of(n)}</b></font><br>"
                     f"<font size='1'>By <a href='author.php?id={author}'>{AUTHORS[author]}</a>"
                     f" - May {n % 28 + 1}, 2024</font><br><br><font face='Arial' size='2'>"
                     f"{text}</font><br><br><a href='print.php?id={n}'>Printer friendly</a> | "
                     f"{back}")

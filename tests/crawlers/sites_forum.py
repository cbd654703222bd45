"""A modern news site with a community forum that hands out a fresh short session id on every
link, sections paginated past their end, author pages that alone list some articles, a poll,
galleries and about/contact pages (none of them articles)."""

from __future__ import annotations

import re

from simweb import SimSite, html_page, link_list, prose, slug_of, title_of

SECTIONS = ("world", "business", "culture")
AUTHORS = ("ann-lee", "bo-chen", "cy-okafor", "di-rossi")
PER_PAGE = 8
TOPICS = 5000
_ARTICLE = re.compile(r"^/(?:(world|business|culture)/2024/05/\d\d|columns)/[a-z-]+-(\d+)$")


class ForumNews(SimSite):
    name = "forum-news"
    robots = "User-agent: *\nDisallow: /admin/\nDisallow: /forum/posting.php\n"

    def __init__(self, seed: int = 1, per_section: int = 20):
        super().__init__(seed)
        self.catalogue: dict[int, tuple[str | None, str, int]] = {}  # n -> section, author, day
        n = 0
        for day, count, columns in ((1, per_section, 3), (2, 3, 1)):
            for section in SECTIONS:
                for _ in range(count):
                    n += 1
                    self.catalogue[n] = (section, AUTHORS[n % len(AUTHORS)], day)
            for author in AUTHORS[: 4 if day == 1 else 2]:
                for _ in range(columns):
                    n += 1
                    self.catalogue[n] = (None, author, day)

    # -- truth ------------------------------------------------------------------------------
    def live(self) -> list[int]:
        """Published article numbers, newest first."""
        return sorted((n for n, (_, _, d) in self.catalogue.items() if d <= self.day), reverse=True)

    def path_of(self, n: int) -> str:
        section = self.catalogue[n][0]
        if section is None:
            return f"/columns/{slug_of(self.seed * 1000 + n)}-{n}"
        return f"/{section}/2024/05/{n % 28 + 1:02d}/{slug_of(self.seed * 1000 + n)}-{n}"

    def identify(self, path, query):
        match = _ARTICLE.match(path)
        if not match or int(match.group(2)) not in self.catalogue:
            return None
        n = int(match.group(2))
        return f"fn-{n}" if self.path_of(n) == path and self.catalogue[n][2] <= self.day else None

    def canonical(self, article):
        return self.path_of(int(article.split("-")[1]))

    def published(self, day):
        return {f"fn-{n}" for n, (_, _, d) in self.catalogue.items() if d <= day}

    def is_trap(self, path, query):
        if path.startswith("/forum/") or path.startswith("/poll/"):
            return True
        if path.lstrip("/") in SECTIONS:
            return int(query.get("page", "1") or 1) > self._pages(self._in(path.lstrip("/")))
        return False

    def resource(self, path, query):
        query = {k: v for k, v in query.items() if k != "sid"}
        return super().resource(path, query)

    # -- pages ------------------------------------------------------------------------------
    def answer(self, path, query):
        if self.identify(path, query):
            return self._article(int(_ARTICLE.match(path).group(2)))
        if path == "/":
            return self._listing("Front page", self.live()[:10], "")
        if path.lstrip("/") in SECTIONS:
            return self._section(path.lstrip("/"), query)
        if path.startswith("/author/") and path[8:] in AUTHORS:
            return self._author(path[8:], query)
        if path.startswith("/forum/"):
            return self._forum(path, query)
        return self._extra(path)

    def _in(self, section: str | None = None, author: str | None = None) -> list[int]:
        return [n for n in self.live() if (section is None or self.catalogue[n][0] == section)
                and (author is None or self.catalogue[n][1] == author)]

    @staticmethod
    def _pages(items: list) -> int:
        return max(1, -(-len(items) // PER_PAGE))

    def _section(self, section: str, query):
        page = int(query.get("page", "1") or 1)
        items = self._in(section)[(page - 1) * PER_PAGE: page * PER_PAGE]
        # The next link is always there: past the end come empty pages, endlessly.
        return self._listing(section.title(), items, f'<a href="/{section}?page={page + 1}">Next</a>')

    def _author(self, author: str, query):
        page = int(query.get("page", "1") or 1)
        items = self._in(author=author)
        more = page < self._pages(items)
        nxt = f'<a href="/author/{author}?page={page + 1}">More by this author</a>' if more else ""
        return self._listing(author, items[(page - 1) * PER_PAGE: page * PER_PAGE], nxt)

    def _nav(self) -> str:
        links = [("/", "Home")] + [(f"/{s}", s.title()) for s in SECTIONS]
        links += [(f"/forum/index.php?sid={self.fresh()}", "Forum"), ("/about", "About us"),
                  ("/contact", "Contact"), ("/poll/1", "Poll"), ("/gallery/1", "Photos")]
        return "<nav>" + " ".join(f'<a href="{h}">{t}</a>' for h, t in links) + "</nav>"

    def _listing(self, title: str, items: list[int], after: str):
        teasers = "".join(
            f'<article><h2><a href="{self.path_of(n)}">{title_of(self.seed * 1000 + n)}</a></h2>'
            f"<p>{prose(n, 1, 1)[0]}</p></article>" for n in items)
        return html_page(title, f"{self._nav()}<main><h1>{title}</h1>{teasers}{after}</main>",
                         '<meta property="og:type" content="website">')

    def _article(self, n: int):
        section, author, _ = self.catalogue[n]
        title = title_of(self.seed * 1000 + n)
        related = [m for m in self._in(section) if m < n][:2]
        body = "".join(f"<p>{p}</p>" for p in prose(self.seed * 1000 + n))
        head = (f'<link rel="canonical" href="{self.base}{self.path_of(n)}">'
                '<meta property="og:type" content="article">'
                '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "'
                f'{title}", "datePublished": "2024-05-{n % 28 + 1:02d}T08:00:00Z"}}</script>')
        byline = f'<p class="byline">By <a href="/author/{author}" rel="author">{author}</a></p>'
        rel = link_list([(self.path_of(m), title_of(self.seed * 1000 + m)) for m in related])
        return html_page(title, f"{self._nav()}<article><h1>{title}</h1>{byline}{body}</article>"
                         f"<aside>Related{rel}</aside>", head)

    def _forum(self, path: str, query):
        if path == "/forum/index.php":
            topics, title = [1, 2, 3, 4], "Community forum"
            posts = ""
        elif path == "/forum/viewtopic.php" and query.get("t", "").isdigit():
            t = int(query["t"])
            topics = [(t * 7 + k * 131) % TOPICS + 1 for k in range(4)]
            title = f"Re: {title_of(50_000 + t)}"
            posts = "".join(f'<div class="post"><p class="author">Posted by user{(t + k) % 97} '
                            f"on May {k + 1}, 2024</p><p>{prose(t * 10 + k, 1, 4)[0]}</p></div>"
                            for k in range(6))
        else:
            return None
        links = [(f"/forum/viewtopic.php?t={k}&sid={self.fresh()}", title_of(50_000 + k))
                 for k in topics]
        links.append((f"/forum/index.php?sid={self.fresh()}", "Forum index"))
        reply = '<a href="/forum/posting.php?mode=reply">Reply</a>'
        return html_page(title, f"{self._nav()}<h1>{title}</h1>{posts}{link_list(links)}{reply}")

    def _extra(self, path: str):
        if path == "/about":
            text = "".join(f"<p>{p}</p>" for p in prose(self.seed + 900, 4))
            return html_page("About us", f"{self._nav()}<h1>About us</h1>{text}")
        if path == "/contact":
            return html_page("Contact", f"{self._nav()}<h1>Contact</h1><p>{prose(901, 1)[0]}</p>"
                             "<form><input name='email'><textarea></textarea></form>")
        if path.startswith("/poll/") and path[6:].isdigit():
            radios = "".join(f"<label><input type='radio' name='v' value='{k}'>Option {k}</label>"
                             for k in range(4))
            text = "".join(f"<p>{p}</p>" for p in prose(int(path[6:]) + 700, 3))
            return html_page("Poll", f"{self._nav()}<h1>Reader poll</h1>{text}<form action="
                             f"'/poll/vote'>{radios}<button>Vote</button></form>"
                             f"<a href='{path}?results=1'>See results</a>")
        if path.startswith("/gallery/") and path[9:].isdigit():
            g = int(path[9:])
            figures = "".join(f"<figure><img src='/img/{g}-{k}.jpg'><figcaption>"
                              f"{title_of(g * 50 + k)}</figcaption></figure>" for k in range(12))
            text = "".join(f"<p>{p}</p>" for p in prose(g + 800, 2))
            more = f"<a href='/gallery/{g % 6 + 1}'>Next gallery</a>"
            return html_page("Photos", f"{self._nav()}<h1>Gallery {g}</h1>{text}{figures}{more}")
        return None

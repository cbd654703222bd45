"""The templates' second style (bench/dedupe_web.py variant b, written after the fixes that
variant a led to): the same five kinds of site, laid out and padded differently.

- modern: "Advertisement" between every three paragraphs, an inline "Read more:" link to
  another story, the byline under the story;
- table: one <td> per paragraph block in a nested table, "Click here for more local news";
- portal: ten slides with captions ending "(AP Photo/Name)", the gallery AFTER the story, a
  "You may also like" grid carrying the headline and first sentence of other stories;
- stamps: "By The Associated Press", "Published 10:12 AM EDT May 1, 2024 | Updated ...",
  "Associated Press writers X and Y contributed to this report.";
- blog: Blogger-like, <br>-separated text, "Posted by admin at 3:10 PM", "Labels:".
"""

from __future__ import annotations

import html

_e = html.escape
_AUTHORS = ["Lena Park", "Omar Haddad", "Joan Pierce", "Tariq Bell", "Ines Moreau"]


class SecondStyle:
    """Mixed into SyndicationSite: `_<kind>2(page, paras, related, rng)` -> body HTML."""

    def _modern2(self, page, paras, related, rng) -> str:
        ps = []
        for i, p in enumerate(paras):
            ps.append(f"<p>{self._raw(page, paras, p)}</p>")
            if i == 1 and related:
                ps.append(f"<p><strong>Read more:</strong> <a href='{_e(related[0].path)}'>"
                          f"{_e(related[0].title)}</a></p>")
            if i % 3 == 2:
                ps.append("<div class='ad'><p>Advertisement</p></div>")
        return (f"<header><a href='/'>The Courier</a></header><main><article><h1>"
                f"{_e(page.title)}</h1><div class='story-text'>{''.join(ps)}</div><p class="
                f"'author'>{rng.choice(_AUTHORS)} is a reporter for The Courier.</p></article>"
                "</main><footer>&copy; 2024 The Courier</footer>")

    def _table2(self, page, paras, related, rng) -> str:
        rows = "".join(f"<tr><td class='text'>{self._raw(page, paras, p)}</td></tr>" for p in paras)
        links = "".join(f"<tr><td><a href='{_e(r.path)}'>{_e(r.title)}</a></td></tr>"
                        for r in related[:3])
        return (f"<table width='100%'><tr><td><b>VALLEY GAZETTE</b></td></tr><tr><td><table>"
                f"<tr><td><font size='4'><b>{_e(page.title)}</b></font></td></tr>{rows}"
                f"<tr><td><a href='/'>Click here for more local news</a></td></tr></table></td>"
                f"</tr><tr><td><table>{links}</table></td></tr></table>")

    def _portal2(self, page, paras, related, rng) -> str:
        slides = "".join(f"<div class='slide'><p>Image {k + 1} of 10</p><p class='caption'>"
                         f"{_e(self._caption(page, rng))} (AP Photo/{rng.choice(_AUTHORS)})</p>"
                         "</div>" for k in range(10))
        ps = "".join(f"<p>{self._raw(page, paras, p)}</p>" for p in paras)
        grid = "".join(f"<div class='card'><h4><a href='{_e(r.path)}'>{_e(r.title)}</a></h4>"
                       f"<p>{_e(r.paras[0].split('. ')[0])}.</p></div>" for r in related[:3])
        return (f"<nav><a href='/'>MetroPortal</a></nav><div class='content'><h1>"
                f"{_e(page.title)}</h1><div class='story-body'>{ps}</div><div class='gallery'>"
                f"{slides}</div><div class='also'><h3>You may also like</h3>{grid}</div>"
                "<script>var s = 1; window.track && window.track('view');</script></div>")

    def _stamps2(self, page, paras, related, rng) -> str:
        h, m = 1 + page.serial % 11, page.serial * 7 % 60
        ps = "".join(f"<p>{self._raw(page, paras, p)}</p>" for p in paras)
        a, b = rng.sample(_AUTHORS, 2)
        return (f"<article><h1>{_e(page.title)}</h1><p>By The Associated Press</p><p>Published "
                f"{h}:{m:02d} AM EDT May {page.day}, 2024 | Updated {h + 2}:{m:02d} PM EDT May "
                f"{page.day}, 2024</p>{ps}<p>Associated Press writers {a} and {b} contributed to"
                f" this report.</p></article><aside><h3>Top stories</h3><ul>"
                f"{self._links(related)}</ul></aside>")

    def _blog2(self, page, paras, related, rng) -> str:
        text = "<br><br>".join(self._raw(page, paras, p) for p in paras)
        return (f"<div class='blog'><h2 class='date-header'>May {page.day}, 2024</h2><div "
                f"class='post'><h3 class='post-title'>{_e(page.title)}</h3><div class='post-body"
                f" entry-content'>{text}</div><div class='post-footer'>Posted by admin at "
                f"{1 + page.serial % 11}:10 PM<br>Labels: news, wire</div></div><div class="
                f"'comments'><h4>No comments:</h4><p>Post a Comment</p></div></div>")

    @staticmethod
    def _raw(page, paras, p) -> str:
        """A paragraph as HTML: the teaser's pointer (last, with its link) is markup."""
        return p if page.target and p is paras[-1] else _e(p)

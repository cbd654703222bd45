"""A small multi-template test web that no extraction rule was written against.

Two families, each a few sites of several articles with distinct stories:
* `table`: a 1990s-style layout, <table>/<td>/<font>, no <article>, chrome inside the story cell
  ("Email this story", "Printer-friendly version", "Related stories:", a masthead slogan...);
* `amp`: a modern layout whose template prints an "Editor preview" and a comments line after
  every story, and a slogan under the masthead.
`CHROME[family]` lists every chrome string a page of that family prints.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["OldPage", "CHROME", "site_pages"]

_WORDS = ("council harbour budget river school station market bridge farmers rainfall clinic "
          "library teachers tram ferry mayor volunteers festival orchard workshop license tunnel "
          "museum court engineers survey election bakery hospital shelter wind turbine road").split()
_VERBS = "approved delayed opened questioned funded rejected expanded inspected reported praised".split()

CHROME = {
    "table": ("Classifieds", "ADVERTISEMENT", "Email this story", "Printer-friendly version",
              "Related stories:", "The Valley's Voice Since 1887", "Subscribe to the print edition",
              "Back to top of page"),
    "amp": ("Editor preview", "Comments are closed for this story", "Independent news for the coast",
            "Share on social"),
}


@dataclass(frozen=True)
class OldPage:
    url: str
    html: str
    title: str
    paragraphs: tuple[str, ...]


def _story(rng: random.Random, n: int) -> list[str]:
    paras = []
    for _ in range(n):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            a, b, c = rng.sample(_WORDS, 3)
            sentences.append(f"The {a} {rng.choice(_VERBS)} a plan for the {b} near the {c} "
                             f"on day {rng.randint(2, 28)}, officials said after {rng.randint(3, 90)} minutes.")
        paras.append(" ".join(sentences))
    return paras


def _table_page(site: str, title: str, paras: list[str], related: list[str]) -> str:
    body = "".join(f'<font face="Arial" size="2">{p}</font><br><br>' for p in paras)
    links = "".join(f'<a href="/{r}.html"><font size="1">{r.replace("-", " ").title()}</font></a><br>' for r in related)
    return f"""<html><head><title>{title} - {site}</title></head><body bgcolor="#ffffff">
<table width="760" border="0"><tr><td colspan="2"><font size="5"><b>{site}</b></font><br>
<font size="1"><i>The Valley's Voice Since 1887</i></font></td></tr>
<tr><td width="140" valign="top"><font size="1"><a href="/news.html">News</a><br><a href="/sports.html">Sports</a><br>
<a href="/classifieds.html">Classifieds</a><br><a href="/obits.html">Obituaries</a></font></td>
<td valign="top"><font size="4"><b>{title}</b></font><br><font size="1">Posted {site} staff</font><br><br>
<font size="1">ADVERTISEMENT</font><br>{body}
<font size="1"><a href="mailto:?subject={title}">Email this story</a> | <a href="?print=1">Printer-friendly version</a></font><br><br>
<font size="2"><b>Related stories:</b></font><br>{links}
<br><font size="1">Subscribe to the print edition</font><br><font size="1"><a href="#top">Back to top of page</a></font>
</td></tr></table></body></html>"""


def _amp_page(site: str, title: str, paras: list[str], related: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title></head>
<body><header><div class="brand">{site}</div><div class="tagline">Independent news for the coast</div></header>
<main><h1>{title}</h1><div class="story">{body}<p class="tools">Share on social</p>
<p class="preview">Editor preview</p><p class="note">Comments are closed for this story</p></div>
<ul>{"".join(f'<li><a href="/{r}">{r}</a></li>' for r in related)}</ul></main></body></html>"""


def site_pages(family: str, site: str, count: int = 8, seed: int = 1) -> list[OldPage]:
    """`count` article pages of one site of a family, each with its own story."""
    rng = random.Random(f"{family}-{site}-{seed}")
    render = _table_page if family == "table" else _amp_page
    pages = []
    for i in range(count):
        title = f"{rng.choice(_WORDS).title()} {rng.choice(_VERBS)} by {rng.choice(_WORDS)} board ({i})"
        paras = _story(rng, rng.randint(4, 7))
        related = [f"story-{rng.randint(100, 999)}" for _ in range(3)]
        url = f"http://{site.lower().replace(' ', '')}.test/news/{i}.html"
        pages.append(OldPage(url, render(site, title, paras, related), title, tuple(paras)))
    return pages

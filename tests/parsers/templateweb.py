"""Two more template families, written after the extraction rules and never tuned against.

* `blog`: a WordPress-style blog: masthead slogan, entry meta, a share row and "Like this:"
  block inside the entry, category/tag footer, previous/next post links, a reply form, sidebar
  widgets (recent posts, archives) and a "powered by" footer;
* `portal`: a modern news portal with generated class names (no word a rule could key on): a
  breaking-news bar whose headline changes on every page, a kicker and standfirst, teaser cards
  ("ALSO READ") and a newsletter box inside the body, a photo caption, a tips line, a "Most
  popular" list and a copyright footer.
`CHROME[family]` lists every chrome string a page of that family prints. A story's truth is its
paragraphs (the portal's standfirst first, as the page prints it).
"""
from __future__ import annotations

import random

from oldweb import OldPage

__all__ = ["CHROME", "site_pages"]

_NOUNS = ("quarry canal orchestra reservoir pier archive lighthouse vineyard observatory dairy depot "
          "greenhouse brewery stadium aqueduct foundry mill monastery regatta marathon carnival").split()
_DOINGS = "reopened restored flooded sold relocated surveyed expanded closed renamed inspected".split()
_PEOPLE = ("Mara Lindqvist", "Tomas Okafor", "Ines Duarte", "Pavel Novak", "Aiko Tanaka", "Ruth Abara")

CHROME = {
    "blog": ("Share this:", "Like this:", "Like Loading", "Posted in", "Tagged", "Previous post", "Next post",
             "Leave a Reply", "Your email address will not be published", "Recent Posts", "Archives",
             "Proudly powered by", "Notes from the river towns"),
    "portal": ("BREAKING:", "ALSO READ", "Get the morning briefing in your inbox", "Sign up", "Have a story idea?",
               "Most popular", "All rights reserved", "Photo:"),
}


def _sentences(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        a, b = rng.sample(_NOUNS, 2)
        out.append(f"Residents said the {a} was {rng.choice(_DOINGS)} after {rng.randint(2, 40)} years, "
                   f"and the {b} committee will meet again in {rng.choice(('spring', 'autumn', 'June', 'March'))}.")
    return " ".join(out)


def _story(rng: random.Random) -> list[str]:
    return [_sentences(rng, rng.randint(2, 4)) for _ in range(rng.randint(4, 8))]


def _headline(rng: random.Random) -> str:
    return f"{rng.choice(_NOUNS).title()} {rng.choice(_DOINGS)} as {rng.choice(_NOUNS)} plan moves ahead"


def _blog_page(rng: random.Random, site: str, title: str, paras: list[str]) -> str:
    slug = site.lower().replace(" ", "")
    body = "".join(f"<p>{p}</p>" for p in paras)
    recent = "".join(f"<li><a href='/{rng.randint(100, 999)}/'>{_headline(rng)}</a></li>" for _ in range(5))
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8"><title>{title} &#8211; {site}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}"></head>
<body class="post-template-default single single-post"><div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{site}</a></p>
<p class="site-description">Notes from the river towns</p>
<nav id="site-navigation"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article class="post type-post status-publish format-standard hentry"><header class="entry-header">
<h1 class="entry-title">{title}</h1><div class="entry-meta"><span class="posted-on">Posted on
<time class="entry-date published" datetime="2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T08:00:00+00:00">a spring day</time>
</span> <span class="byline">by <span class="author vcard"><a href="/author/x/">{rng.choice(_PEOPLE)}</a></span></span></div></header>
<div class="entry-content">{body}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a></li>
<li><a href="#">Facebook</a></li></ul></div>
<div class="sharedaddy sd-block sd-like"><h3 class="sd-title">Like this:</h3><p>Like Loading...</p></div></div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/local/">Local</a></span>
<span class="tags-links">Tagged <a href="/t/{rng.choice(_NOUNS)}/">{rng.choice(_NOUNS)}</a></span></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="/p/">Previous post
{_headline(rng)}</a></div><div class="nav-next"><a href="/n/">Next post {_headline(rng)}</a></div></div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>
<form><p class="comment-notes">Your email address will not be published. Required fields are marked</p>
<textarea></textarea></form></div></div></main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul>
</section><section class="widget"><h2 class="widget-title">Archives</h2><ul><li><a href="/2024/05/">May 2024</a></li>
<li><a href="/2024/04/">April 2024</a></li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by
WordPress</a> | {slug}</div></footer></div></body></html>"""


def _css(rng: random.Random) -> str:
    return "css-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))


def _portal_page(rng: random.Random, site: str, title: str, paras: list[str]) -> str:
    # Generated class names, drawn once per site so every page of a site shares them.
    c = [_css(random.Random(f"{site}-{i}")) for i in range(12)]
    dek, rest = paras[0], paras[1:]
    pieces = [f"<p class='{c[0]}'>{p}</p>" for p in rest]
    teaser = (f"<div class='{c[1]}'><a href='/story-{rng.randint(1000, 9999)}'><img src='/t.jpg' alt=''>"
              f"<span class='{c[2]}'>ALSO READ</span><span class='{c[3]}'>{_headline(rng)}</span></a></div>")
    figure = (f"<figure class='{c[4]}'><img src='/p.jpg' alt=''><figcaption class='{c[5]}'>The {rng.choice(_NOUNS)} "
              f"at dusk. Photo: {rng.choice(_PEOPLE)}</figcaption></figure>")
    newsletter = (f"<div class='{c[6]}'><p class='{c[7]}'>Get the morning briefing in your inbox</p>"
                  f"<input type='email'><button>Sign up</button></div>")
    for widget in (teaser, figure, newsletter):
        pieces.insert(rng.randint(1, len(pieces) - 1), widget)
    popular = "".join(f"<li><a href='/s/{rng.randint(10, 99)}'>{_headline(rng)}</a></li>" for _ in range(5))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}"><meta name="description" content="{dek}"></head><body>
<div class="{c[8]}"><a href="/live">BREAKING: {_headline(rng)}</a></div>
<header class="{c[9]}"><a href="/">{site}</a><nav><a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><div class="{c[10]}"><span>{rng.choice(('City', 'Region', 'Culture'))}</span><h1>{title}</h1><p>{dek}</p>
<div>By {rng.choice(_PEOPLE)} · 14 May 2024</div><div class="{c[11]}">{"".join(pieces)}
<div>Have a story idea? Email tips@{site.lower().replace(' ', '')}.test</div></div></div>
<section><h2>Most popular</h2><ol>{popular}</ol></section></main>
<footer>© 2024 {site} Media Group. All rights reserved. <a href="/terms">Terms</a> <a href="/privacy">Privacy</a></footer>
</body></html>"""


def site_pages(family: str, site: str, count: int = 8, seed: int = 1) -> list[OldPage]:
    """`count` article pages of one site of a family, each with its own story."""
    rng = random.Random(f"{family}-{site}-{seed}")
    render = _blog_page if family == "blog" else _portal_page
    pages = []
    for i in range(count):
        title = _headline(rng) + f" ({i})"
        paras = _story(rng)
        url = f"http://{site.lower().replace(' ', '')}.test/{2024}/{i:03d}/"
        pages.append(OldPage(url, render(rng, site, title, paras), title, tuple(paras)))
    return pages

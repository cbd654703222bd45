"""The non-article furniture each site puts around and inside an article body.

Rendering and the ground truth both use this module, so every string a test says must not
survive extraction is exactly what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import SiteArticle

NEWSLETTER_PROMPT = "Sign up for the Daily Planet morning briefing and never miss a story."
COOKIE_NOTICE = ("We use cookies to improve your experience on our site and to show you "
                 "relevant offers.")
SUBSCRIBE_PROMPT = "Support local journalism: subscribe to The Coast Gazette from just 99p a week."
HERALD_FOLLOW = "Follow Metro Herald on social media for breaking news as it happens."
FOOTER_RIGHTS = "All rights reserved."

SITE_STRINGS: dict[str, tuple[str, ...]] = {
    "daily-planet": ("Share this article", "See also", "Read more", NEWSLETTER_PROMPT),
    "metro-herald": ("Related topics", "Trending now", HERALD_FOLLOW, FOOTER_RIGHTS),
    "river-times": ("Leave a Reply", "Your email address will not be published",
                    "Required fields are marked", "Posted in", "About the author"),
    "coast-gazette": ("Advertisement", "Most read", COOKIE_NOTICE, SUBSCRIBE_PROMPT, "(Photo:"),
}

_COMMENTS: tuple[tuple[str, str], ...] = (
    ("Bernard K", "Good to see this covered properly. The national papers never mention our "
                  "part of the river."),
    ("Maggie from Eastbank", "I have lived here for forty years and I have never seen anything "
                             "quite like it."),
    ("Dev Patel", "Does anyone know whether the public can attend the meeting next week?"),
    ("Lorna", "Thanks for a balanced piece. Some of what has been said online has been awful."),
    ("old_riverman", "Another excellent write-up. Keep up the good work, River Times."),
)

_PHOTOGRAPHERS = ("Jenny Hale", "Marco Tull", "Anwen Price")


@dataclass(frozen=True)
class Comment:
    author: str
    posted: str
    text: str


@dataclass(frozen=True)
class ArticleExtras:
    """Page furniture for one article; templates use the parts their site needs."""

    see_also: SiteArticle | None = None
    see_also_after: int = 1            # paragraph index the teaser follows
    trending: tuple[SiteArticle, ...] = ()
    most_read: tuple[SiteArticle, ...] = ()
    comments: tuple[Comment, ...] = ()
    bio: str = ""
    caption: str = ""
    ad_after: tuple[int, ...] = ()     # paragraph indexes followed by an ad row
    must_not_contain: tuple[str, ...] = field(default=())


def author_bio(author: str) -> str:
    """The River Times author box text."""
    first = author.split()[0]
    return (f"{author} writes about community life, business and the environment for the "
            f"River Times. Before joining the paper in 2016, {first} reported for local radio.")


def article_extras(article: SiteArticle, site_articles: list[SiteArticle]) -> ArticleExtras:
    """Furniture for ``article`` given the other articles on its site."""
    others = [a for a in site_articles if a.path != article.path]
    position = [a.path for a in site_articles].index(article.path)
    extras: dict = {}
    texts: list[str] = list(SITE_STRINGS[article.site])
    if article.site == "daily-planet":
        extras["see_also"] = others[position % len(others)]
        texts.append(extras["see_also"].headline)
    elif article.site == "metro-herald":
        extras["trending"] = tuple(others[:3])
        texts.extend(a.headline for a in others[:3])
    elif article.site == "river-times":
        count = 2 + position % 2
        picked = [_COMMENTS[(position + i) % len(_COMMENTS)] for i in range(count)]
        day = article.published.strftime("%B %-d, %Y")
        extras["comments"] = tuple(Comment(a, f"{day} at {9 + i}:1{i} pm", t)
                                   for i, (a, t) in enumerate(picked))
        extras["bio"] = author_bio(article.author)
        texts.extend(t for _, t in picked)
        texts.append(extras["bio"])
    elif article.site == "coast-gazette":
        extras["most_read"] = tuple(others[:4])
        day = article.published.strftime("%A")
        extras["caption"] = (f"The scene on {day}. "
                             f"(Photo: {_PHOTOGRAPHERS[position % 3]}/The Coast Gazette)")
        extras["ad_after"] = (1, 4)
        texts.extend(a.headline for a in others[:4])
        texts.append(extras["caption"])
    return ArticleExtras(must_not_contain=tuple(texts), **extras)

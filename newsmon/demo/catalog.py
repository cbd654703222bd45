"""Each site's articles: stories placed on the site, with that site's edits and URL paths."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .placements import WIRE_COPIES, Copy, copies_for
from .sites import SiteSpec
from .stories import Story, load_stories, split_sentences


@dataclass(frozen=True)
class SiteArticle:
    """One article page on one site, with its final (edited) text."""

    site: str
    story_id: str
    path: str
    headline: str
    summary: str
    author: str
    section: str
    tags: tuple[str, ...]
    published: datetime
    modified: datetime
    paragraphs: tuple[str, ...]
    published_meta: bool
    is_wire: bool

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in split_sentences(p)]


def slugify(text: str, max_words: int = 8) -> str:
    """URL slug: lowercase words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    return "-".join(words[:max_words])


def apply_edits(paragraphs: tuple[str, ...], copy: Copy) -> tuple[str, ...]:
    """The story text as ``copy`` published it; raises ValueError if an edit does not apply."""
    paras = list(paragraphs)
    for index, sentence in copy.add:
        paras[index] = f"{paras[index]} {sentence}"
    for old, new in copy.replace:
        if not any(old in p for p in paras):
            raise ValueError(f"{copy.story}@{copy.site}: nothing to replace for {old!r}")
        paras = [p.replace(old, new) for p in paras]
    for sentence in copy.cut:
        hits = [i for i, p in enumerate(paras) if sentence in split_sentences(p)]
        if not hits:
            raise ValueError(f"{copy.story}@{copy.site}: cannot cut {sentence[:40]!r}")
        kept = [s for s in split_sentences(paras[hits[0]]) if s != sentence]
        paras[hits[0]] = " ".join(kept)
    paras = [p for p in paras if p]
    if copy.dateline:
        paras[0] = copy.dateline + paras[0]
    return tuple(paras)


def _path(spec: SiteSpec, story: Story, copy: Copy, when: datetime, section: str) -> str:
    headline = copy.headline or story.headline
    number = 48000 + 7 * sorted(load_stories()).index(story.id)
    return spec.article_path.format(
        section=section, yyyy=f"{when:%Y}", mm=f"{when:%m}", dd=f"{when:%d}",
        slug=slugify(headline), num=number,
    )


def _article(spec: SiteSpec, story: Story, copy: Copy, demo_date: date) -> SiteArticle:
    published = story.published(demo_date) + timedelta(minutes=copy.delay_minutes)
    section = spec.site_section(story.section)
    wire = any(c.story == story.id for c in WIRE_COPIES)
    return SiteArticle(
        site=spec.name,
        story_id=story.id,
        path=_path(spec, story, copy, published, section),
        headline=copy.headline or story.headline,
        summary=story.summary,
        author=copy.byline or story.author,
        section=section,
        tags=story.tags,
        published=published,
        modified=published + timedelta(hours=2 if wire else 0),
        paragraphs=apply_edits(story.paragraphs, copy),
        published_meta=True,
        is_wire=wire,
    )


def site_articles(spec: SiteSpec, demo_date: date) -> list[SiteArticle]:
    """Articles on ``spec``'s site, newest first; deterministic for a given ``demo_date``."""
    stories = load_stories()
    articles = [_article(spec, stories[c.story], c, demo_date) for c in copies_for(spec.name)]
    articles.sort(key=lambda a: (-a.published.timestamp(), a.story_id))
    every = spec.published_meta_every
    return [
        replace(a, published_meta=not (every and i % every == every - 1))
        for i, a in enumerate(articles)
    ]


def by_section(articles: list[SiteArticle]) -> dict[str, list[SiteArticle]]:
    """Articles grouped by site section, sections in name order, articles newest first."""
    groups: dict[str, list[SiteArticle]] = {}
    for article in articles:
        groups.setdefault(article.section, []).append(article)
    return dict(sorted(groups.items()))

"""Scores of one crawl day on generated sites, read from the servers' logs and the store
(never from the crawler's own account of itself)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego
from simweb import SimSite, split
from sqlalchemy import select

import storage
from storage.schema import pages


@dataclass
class DayScore:
    site: str
    requests: int = 0
    trap_requests: int = 0
    articles_true: int = 0
    articles_found: int = 0
    non_article_rows: list[str] = field(default_factory=list)
    duplicate_rows: int = 0
    canonical_right: int = 0
    canonical_rows: int = 0
    wrong_canonicals: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    redownloaded_articles: list[str] = field(default_factory=list)
    redownloaded_pages: list[str] = field(default_factory=list)
    robots_violations: list[str] = field(default_factory=list)
    max_inflight: int = 0

    @property
    def coverage(self) -> float:
        return self.articles_found / self.articles_true if self.articles_true else 1.0

    @property
    def canonical_share(self) -> float:
        return self.canonical_right / self.canonical_rows if self.canonical_rows else 1.0


def score_day(site: SimSite, store: storage.Store, source: str, day: int, log_from: int,
              served_before: set[tuple[str, str]], agent: str) -> DayScore:
    """`served_before`: (resource, body hash) answered with 200 on earlier days; updated."""
    score = DayScore(site.name, max_inflight=site.web.max_inflight)
    hits = site.hits(log_from)
    score.requests = len(hits)
    score.trap_requests = sum(h.trap for h in hits)
    rules = Protego.parse(site.robots)
    for hit in hits:
        if hit.path != "/robots.txt" and not rules.can_fetch(site.base + hit.path, agent):
            score.robots_violations.append(hit.path)
        if hit.status == 200 and hit.body_hash:
            if (hit.resource, hit.body_hash) in served_before:
                (score.redownloaded_articles if hit.article else score.redownloaded_pages
                 ).append(hit.path)
    served_before.update((h.resource, h.body_hash) for h in hits if h.status == 200 and h.body_hash)
    _score_rows(site, store, source, day, score)
    return score


def _score_rows(site: SimSite, store: storage.Store, source: str, day: int, score: DayScore):
    with store.connect() as conn:
        rows = conn.execute(select(pages.c.url, pages.c.canonical_url).where(
            (pages.c.source == source) & (pages.c.kind == "article"))).all()
    found: dict[str, int] = {}
    for url, canonical in rows:
        parts = urlsplit(url)
        path, query = split(parts.path + ("?" + parts.query if parts.query else ""))
        article = site.identify(path, query)
        if article is None:
            score.non_article_rows.append(url)
            continue
        found[article] = found.get(article, 0) + 1
        truth = storage.url_key(site.base + site.canonical(article))
        score.canonical_rows += 1
        if canonical and storage.url_key(canonical) == truth:
            score.canonical_right += 1
        else:
            score.wrong_canonicals.append(f"{url} -> {canonical}")
    truth_ids = site.published(day)
    score.articles_true = len(truth_ids)
    score.articles_found = len(truth_ids & set(found))
    score.missed = sorted(truth_ids - set(found))
    score.duplicate_rows = sum(n - 1 for n in found.values())


def table(scores: list[DayScore], title: str) -> str:
    """One line a site, the figures the issue's targets are stated in."""
    lines = [title, f"{'site':<12}{'req':>6}{'trap':>6}{'cover':>7}{'nonart':>7}{'dup':>5}"
                    f"{'canon':>7}{'reDLart':>8}{'reDLpg':>7}{'robots':>7}{'maxconc':>8}"]
    for s in scores:
        lines.append(f"{s.site:<12}{s.requests:>6}{s.trap_requests:>6}{s.coverage:>7.3f}"
                     f"{len(s.non_article_rows):>7}{s.duplicate_rows:>5}{s.canonical_share:>7.3f}"
                     f"{len(s.redownloaded_articles):>8}{len(s.redownloaded_pages):>7}"
                     f"{len(s.robots_violations):>7}{s.max_inflight:>8}")
    return "\n".join(lines)

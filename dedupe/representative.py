"""Which copy stands for a cluster (the original source, as far as the copies tell), and why.

Order of evidence, strongest first:
1. A full copy over an excerpt: a teaser (or a copy under half the size of the cluster's
   largest) is never the original of the story it points to.
2. A copy that other sites name as canonical (their rel=canonical points at it): the
   publishers themselves say where the story comes from.
3. The earliest published (copies without a publication time come last).
4. On equal publication times, a wire-credited copy ("LONDON (AP) —", "By ..., Reuters").
5. Then the earliest fetched, then the smallest article id, so the choice is total.
The reason is a sentence a person reads in `newsmon cluster ID`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone

__all__ = ["Copy", "Representative", "representative"]


@dataclass(frozen=True)
class Copy:
    """One member of a cluster, as representative choice sees it."""

    article_id: str
    published: datetime | None
    fetched_at: datetime
    excerpt: bool = False
    credit: str | None = None  # the wire credited in the copy's frame
    url: str = ""
    canonical_url: str = ""
    source: str = ""
    shingles: int = 0  # distinct shingles (0: unknown); a far smaller copy is an excerpt


@dataclass(frozen=True)
class Representative:
    cluster_id: str
    article_id: str
    reason: str


# A copy with under this share of the largest copy's shingles is an excerpt of it.
EXCERPT_SHARE = 0.5


def representative(cluster_id: str, members: list[Copy]) -> Representative:
    """The copy that stands for a cluster, with a reason a person can read."""
    largest = max((c.shingles for c in members), default=0)
    members = [replace(c, excerpt=True) if c.shingles and c.shingles < EXCERPT_SHARE * largest
               else c for c in members]
    named = _named_canonical(members)
    ranked = sorted(members, key=lambda c: _rank(c, named))
    rep, n = ranked[0], len(ranked)
    if n == 1:
        return Representative(cluster_id, rep.article_id, "only copy")
    parts = []
    if named.get(rep.article_id):
        k = named[rep.article_id]
        parts.append(f"named as canonical by {k} other cop{'y' if k == 1 else 'ies'}")
    if rep.published is None:
        parts.append(f"earliest fetched ({_iso(rep.fetched_at)}) of {n} copies; "
                     "none states a publication time")
    else:
        parts.append(f"earliest published ({_iso(rep.published)}) of {n} copies"
                     if not parts else f"published {_iso(rep.published)}")
        parts += _tie_notes(rep, ranked[1], named)
    excerpts = sum(c.excerpt for c in members)
    if excerpts and not rep.excerpt:
        parts.append(f"full copy preferred over {excerpts} excerpt{'s' * (excerpts > 1)}")
    return Representative(cluster_id, rep.article_id, "; ".join(parts))


def _tie_notes(rep: Copy, runner_up: Copy, named: dict[str, int]) -> list[str]:
    same_rank = (runner_up.excerpt == rep.excerpt and
                 bool(named.get(runner_up.article_id)) == bool(named.get(rep.article_id)))
    if not same_rank or runner_up.published != rep.published:
        return []
    if rep.credit and not runner_up.credit:
        return [f"tie broken by its wire credit ({rep.credit})"]
    return [f"tie broken by earliest fetched ({_iso(rep.fetched_at)})"]


def _named_canonical(members: list[Copy]) -> dict[str, int]:
    """How many members from OTHER sources name each member's URL as their canonical."""
    # A copy is known by the URL it was fetched at, then by its own canonical URL (copies
    # pointing elsewhere must not claim the target).
    by_url: dict[str, Copy] = {c.url: c for c in members if c.url}
    for c in members:
        if c.canonical_url and c.canonical_url == c.url:
            by_url.setdefault(c.canonical_url, c)
    counts: dict[str, int] = {}
    for c in members:
        target = by_url.get(c.canonical_url)
        if target is not None and target.article_id != c.article_id and (
                target.source != c.source or not c.source):
            counts[target.article_id] = counts.get(target.article_id, 0) + 1
    return counts


def _rank(c: Copy, named: dict[str, int]) -> tuple:
    unknown = c.published is None
    published = _utc(c.published) if c.published else datetime.max.replace(tzinfo=timezone.utc)
    return (c.excerpt, not named.get(c.article_id), unknown, published, c.credit is None,
            _utc(c.fetched_at), c.article_id)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _iso(value: datetime) -> str:
    return _utc(value).isoformat()

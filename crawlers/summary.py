"""What a crawl counted: typed per-source figures and their totals.

The crawl subprocess writes plain JSON (`SourceState.figures()`); the parent turns it into
these frozen objects, and they go back to JSON only at the Prefect and `runs` boundary.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceFigures:
    """One source's crawl: what was fetched, skipped and refused, and how it went."""

    requests: int = 0
    pages: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    not_modified: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # kind (http_404, timeout...) -> n
    bytes: int = 0
    seconds: float = 0.0
    skipped_known: int = 0
    skipped_robots: int = 0
    over_budget: int = 0
    trap_capped: int = 0
    non_html: int = 0
    duplicates: int = 0
    trap_patterns: tuple[str, ...] = ()
    # Each trap the yield guard closed: entry URL, pages spent, links dropped, patterns.
    traps: tuple[dict, ...] = ()
    learned_rules: tuple[str, ...] = ()  # session parameters learned from the site
    out_of_time: bool = False  # the source's time budget (or the run's) ran out
    frontier_left: int = 0  # URLs saved for the next run, tried first then
    resumed: int = 0  # URLs taken from the frontier an earlier run saved
    barren_pages: int = 0  # pages that led to no new article (the trap budget's count)
    # No homepage and no other page either: the source is down or misconfigured.
    failed: bool = False
    # Not one article, neither this run nor stored before: the one definition of "a
    # source with no articles" (a source whose known pages were all unchanged is fine).
    zero_articles: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> SourceFigures:
        """From the subprocess's JSON (or a `crawl_stats` row); unknown keys are ignored."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known and v is not None}
        values["errors"] = dict(values.get("errors") or {})
        for name in ("trap_patterns", "traps", "learned_rules"):
            values[name] = tuple(values.get(name) or ())
        return cls(**values)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


_SUMMED = ("requests", "pages", "new_articles", "updated_articles", "not_modified")


@dataclass(frozen=True)
class CrawlSummary:
    requests: int = 0
    pages: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    not_modified: int = 0
    errors: int = 0
    per_source: dict[str, SourceFigures] = field(default_factory=dict)

    @property
    def failed_sources(self) -> list[str]:
        return sorted(n for n, f in self.per_source.items() if f.failed)

    @property
    def out_of_time(self) -> dict[str, int]:
        """Sources whose time budget ran out, with how many URLs they left for next time."""
        return {n: f.frontier_left for n, f in sorted(self.per_source.items()) if f.out_of_time}

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CrawlSummary:
        return summarize({name: SourceFigures.from_dict(f)
                          for name, f in (data.get("per_source") or {}).items()})


def summarize(per_source: dict[str, SourceFigures]) -> CrawlSummary:
    """The totals of several sources' figures (also how shards' crawls are joined)."""
    totals = {k: sum(getattr(f, k) for f in per_source.values()) for k in _SUMMED}
    errors = sum(f.error_count for f in per_source.values())
    return CrawlSummary(**totals, errors=errors, per_source=dict(per_source))

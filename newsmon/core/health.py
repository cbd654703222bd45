"""Source health in words: crawl errors by class, and the sources that need a look."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from crawlers.summary import CrawlSummary, SourceFigures

# The crawler's error kinds (crawlers/spiders/errors.py) as a user would say them.
_ERROR_WORDS = {
    "timeout": "timed out", "dns": "its host name does not resolve",
    "connection": "could not connect (refused or dropped)", "too_large": "pages too large",
    "redirects": "too many redirects", "ignored": "requests dropped", "other": "download errors",
    "bad_url": "its URL cannot be requested",
}


class EverySourceFailed(Exception):
    """Not one source could be fetched: a run that did nothing, with an exit code of its own."""

    exit_code = 3


def error_classes(errors: dict) -> tuple[int, int, int]:
    """(4xx, 5xx, other) counts from crawl error kinds such as `http_404` or `timeout`."""
    def status(kind: str) -> int:
        digits = kind.removeprefix("http_")
        return int(digits) if kind.startswith("http_") and digits.isdigit() else 0
    client = sum(n for k, n in errors.items() if status(k) // 100 == 4)
    server = sum(n for k, n in errors.items() if status(k) // 100 == 5)
    return client, server, sum(errors.values()) - client - server


def failure_reason(f: SourceFigures) -> str:
    """Why a source gave nothing, in words: its errors, most frequent first."""
    if not f.errors:
        if f.skipped_robots and not f.pages:
            return "its robots.txt forbids crawling it"
        return "no page answered" if f.requests else "nothing was requested"
    parts = []
    for kind, n in sorted(f.errors.items(), key=lambda item: (-item[1], item[0])):
        if kind.startswith("http_"):
            parts.append(f"HTTP {kind.removeprefix('http_')} ({n}x)")
        else:
            parts.append(f"{_ERROR_WORDS.get(kind, kind)} ({n}x)")
    return ", ".join(parts)


def source_problems(crawl: CrawlSummary, urls: Mapping[str, str] | None = None,
                    logs: Sequence[Path] = ()) -> list[str]:
    """One line per source that failed, had errors, or has no article at all; a failed
    source's line names its URL, why, and the crawl log to read."""
    urls = urls or {}
    where = f"; log: {', '.join(str(p) for p in logs)}" if logs else ""
    lines = []
    for name, f in sorted(crawl.per_source.items()):
        label = f"source {name}" + (f" ({urls[name]})" if name in urls else "")
        if f.failed:
            lines.append(f"{label}: FAILED, nothing fetched: {failure_reason(f)}{where}")
            continue
        if f.errors:
            lines.append(f"{label}: errors: {failure_reason(f)}")
        if f.zero_articles:
            lines.append(f"{label}: no article found")
        if f.out_of_time:
            lines.append(f"{label}: ran out of time; {f.frontier_left} URLs left, fetched "
                         "first next run")
    return lines


def every_source_failed(crawl: CrawlSummary) -> bool:
    return bool(crawl.per_source) and all(f.failed for f in crawl.per_source.values())

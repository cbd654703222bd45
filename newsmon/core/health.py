"""Source health in words: crawl errors by class, and the sources that need a look."""

from __future__ import annotations

from crawlers.summary import CrawlSummary


def error_classes(errors: dict) -> tuple[int, int, int]:
    """(4xx, 5xx, other) counts from crawl error kinds such as `http_404` or `timeout`."""
    def status(kind: str) -> int:
        digits = kind.removeprefix("http_")
        return int(digits) if kind.startswith("http_") and digits.isdigit() else 0
    client = sum(n for k, n in errors.items() if status(k) // 100 == 4)
    server = sum(n for k, n in errors.items() if status(k) // 100 == 5)
    return client, server, sum(errors.values()) - client - server


def source_problems(crawl: CrawlSummary) -> list[str]:
    """One line per source that failed, had errors, or has no article at all."""
    lines = []
    for name, f in sorted(crawl.per_source.items()):
        errors = ", ".join(f"{kind} {n}" for kind, n in sorted(f.errors.items()))
        if f.failed:
            lines.append(f"source {name}: FAILED, nothing fetched ({errors or 'no response'})")
        elif errors:
            lines.append(f"source {name}: errors: {errors}")
        if not f.failed and f.zero_articles:
            lines.append(f"source {name}: no article found")
    return lines

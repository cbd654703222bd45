"""What the web shows of stored runs and sources: durations, figures and health in words."""

from __future__ import annotations

from pathlib import Path

import storage
from crawlers import crawl_log_path
from crawlers.summary import SourceFigures

from .health import error_classes, failure_reason

# The figures a run row shows first (the rest stay in the JSON of the `runs` table).
_SHOWN = ("requests", "pages", "new_articles", "not_modified", "articles", "empty", "joined",
          "new_clusters", "errors")


def run_row(run: storage.RunInfo) -> dict:
    stats = run.stats or {}
    figures = [(k.replace("_", " "), stats[k]) for k in _SHOWN
               if isinstance(stats.get(k), (int, float)) and not isinstance(stats.get(k), bool)]
    seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
    return {"id": run.id, "stage": run.stage, "run_date": run.run_date, "status": run.status,
            "started": storage.iso_seconds(run.started_at), "duration": _duration(seconds),
            "figures": figures, "shard": stats.get("shard"), "error": run.error}


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "running"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest} s" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def source_row(h: storage.SourceHealth, data_dir: Path) -> dict:
    """A source's latest crawl in words: failed and why, errors, no article, or fine."""
    client, server, other = error_classes(h.errors)
    figures = SourceFigures(requests=h.requests, pages=h.pages, errors=dict(h.errors),
                            failed=h.crawl_failed, zero_articles=h.zero_articles)
    if h.last_run_id is None:
        state, words = "never", "not crawled yet"
    elif h.crawl_failed:
        state, words = "failed", f"failed on its last crawl: {failure_reason(figures)}"
    elif h.zero_articles and not h.articles:
        state, words = "warn", "up, but no article found on it"
    elif h.errors:
        state, words = "warn", f"crawled, with errors: {failure_reason(figures)}"
    else:
        state, words = "ok", "ok"
    log = (crawl_log_path(data_dir, h.last_run_date, h.last_run_id)
           if h.last_run_id is not None and h.last_run_date else None)
    return {"h": h, "client": client, "server": server, "other": other, "state": state,
            "words": words, "log": log if state in ("failed", "warn") else None,
            "last_crawl": storage.iso_seconds(h.last_crawl_at),
            "last_fetched": storage.iso_seconds(h.last_fetched_at)}

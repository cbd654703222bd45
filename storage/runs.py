"""Runs: what each stage started, finished and counted, so a killed run can be finished."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from .schema import crawl_stats, runs
from .timeutil import as_utc, utcnow


@dataclass(frozen=True)
class RunInfo:
    id: int
    stage: str
    run_date: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    stats: dict | None
    error: str | None


def start_run(conn: Connection, stage: str, run_date: str) -> int:
    result = conn.execute(runs.insert().values(
        stage=stage, run_date=run_date, status="running", started_at=utcnow()))
    return result.inserted_primary_key[0]


def finish_run(conn: Connection, run_id: int, stats: dict | None = None,
               error: str | None = None, status: str | None = None) -> None:
    """Close a run: done, failed (with `error`), or the `status` given (interrupted)."""
    conn.execute(runs.update().where(runs.c.id == run_id).values(
        status=status or ("failed" if error else "done"), finished_at=utcnow(), stats=stats,
        error=error))


def recent_runs(conn: Connection, limit: int = 20, stage: str | None = None,
                before: int | None = None) -> list[RunInfo]:
    """The latest runs first; `before` (a run id) pages back through older ones."""
    query = select(runs).order_by(runs.c.id.desc()).limit(limit)
    if stage:
        query = query.where(runs.c.stage == stage)
    if before is not None:
        query = query.where(runs.c.id < before)
    return [_run_info(r) for r in conn.execute(query)]


def _run_info(r) -> RunInfo:
    return RunInfo(r.id, r.stage, r.run_date, r.status, as_utc(r.started_at),
                   as_utc(r.finished_at), r.stats, r.error)


def get_run(conn: Connection, run_id: int) -> RunInfo | None:
    row = conn.execute(select(runs).where(runs.c.id == run_id)).first()
    return _run_info(row) if row else None


# The crawler's decisions not to fetch, by reason (figure name in the crawler's summary).
_SKIPPED = ("skipped_known", "skipped_robots", "over_budget", "trap_capped", "non_html",
            "duplicates")


def save_crawl_stats(conn: Connection, run_id: int, source: str, figures: dict) -> None:
    """Per-source crawl figures of one run (requests, pages, new_articles, ..., errors);
    a `finished_at` in them marks the source's crawl as complete."""
    allowed = {c.name for c in crawl_stats.columns} - {"run_id", "source"}
    values = {k: v for k, v in figures.items() if k in allowed}
    skipped = {k: figures[k] for k in _SKIPPED if figures.get(k)}
    values.setdefault("skipped", skipped)
    conn.execute(crawl_stats.delete().where(
        (crawl_stats.c.run_id == run_id) & (crawl_stats.c.source == source)))
    conn.execute(crawl_stats.insert().values(run_id=run_id, source=source, **values))


def crawl_stats_for(conn: Connection, run_id: int) -> list[dict]:
    rows = conn.execute(select(crawl_stats).where(crawl_stats.c.run_id == run_id)
                        .order_by(crawl_stats.c.source))
    return [dict(r._mapping) for r in rows]


def mark_shard(conn: Connection, run_id: int, shard: tuple[int, int]) -> None:
    """Note, at its start, which shard a run works on (its stats are written at the end)."""
    conn.execute(runs.update().where(runs.c.id == run_id).values(
        stats={"shard": list(shard)}))


def close_interrupted(conn: Connection, stage: str, shard: tuple[int, int] | None,
                      current: int) -> datetime | None:
    """Close `stage` runs that never finished (their process died) as "interrupted"; return
    the earliest start among the runs since the last one that finished "done" that did not
    finish so (died, stopped by a signal, or failed), or None. What such a run stored may be
    partial, however it ended. `current` is the caller's own run. Call it holding the lock
    that excludes them: the whole store (shard None) or the shard, whose own earlier runs
    and unsharded runs are then dead."""
    query = select(runs).where((runs.c.stage == stage) & (runs.c.id != current))
    mine = [r for r in conn.execute(query.order_by(runs.c.id))
            if shard is None or (r.stats or {}).get("shard") in (None, list(shard))]
    dead = [r.id for r in mine if r.status == "running"]
    if dead:
        conn.execute(runs.update().where(runs.c.id.in_(dead)).values(
            status="interrupted", finished_at=utcnow(), error="interrupted: its process died"))
    last_done = max((r.id for r in mine if r.status == "done"), default=0)
    unfinished = [r for r in mine if r.id > last_done and r.status != "done"]
    return min((as_utc(r.started_at) for r in unfinished), default=None)

"""`recorded_run`: one stage run under the store's lock, with its `runs` row and how it ended."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .engine import Store
from .locks import exclusive_run, shard_run
from .runs import finish_run, start_run


@dataclass
class RecordedRun:
    """The run being recorded; the stage sets `figures` before leaving the block."""

    id: int
    stage: str
    run_date: str
    shard: tuple[int, int] | None
    figures: dict | None = None


@contextmanager
def recorded_run(store: Store, stage: str, run_date: str,
                 shard: tuple[int, int] | None = None) -> Iterator[RecordedRun]:
    """Hold the run lock (the whole store, or only `shard` for one piece of a sharded run,
    whose flow holds the whole store meanwhile), insert the `runs` row, and on leaving
    record the figures, or the first line of the error that ended the run.

    >>> with recorded_run(store, "extract", "2026-11-30") as run:
    ...     run.figures = {"pages": 3}
    """
    lock = exclusive_run(store, stage) if shard is None else shard_run(store, stage, *shard)
    run: RecordedRun | None = None
    try:
        with lock:
            with store.begin() as conn:
                run = RecordedRun(start_run(conn, stage, run_date), stage, run_date, shard)
            yield run
            _finish(store, run.id, run.figures)
    except BaseException as exc:
        if run is not None:
            _finish(store, run.id, None, exc)
        raise


def _finish(store: Store, run_id: int, figures: dict | None,
            exc: BaseException | None = None) -> None:
    error = f"{type(exc).__name__}: {exc}".splitlines()[0] if exc else None
    # Not an Exception (Ctrl-C, SIGTERM, SystemExit): the run was stopped, not broken.
    stopped = exc is not None and not isinstance(exc, Exception)
    if stopped:
        error = _stopped_by(exc)
    with store.begin() as conn:
        finish_run(conn, run_id, figures, error, "interrupted" if stopped else None)


def _stopped_by(exc: BaseException) -> str:
    # Our Interrupted carries `signum`, Prefect's TerminationSignal `signal`.
    signum = getattr(exc, "signum", None) or getattr(exc, "signal", None)
    if isinstance(signum, int):
        try:
            return f"interrupted by {signal.Signals(signum).name}"
        except ValueError:
            pass
    return f"interrupted: {str(exc) or type(exc).__name__}".splitlines()[0]

"""Stages that stream: while the crawl goes on, each source whose crawl has ended is
extracted and deduped, so one slow or hung site does not hold up every other one.

The crawl task runs in the background (a Prefect future); the flow polls the store for
sources the crawl recorded as finished (crawl_stats.finished_at) and runs extract (only those
sources) and dedupe over them. After the crawl, the flow extracts and dedupes the rest as
before. Every stage is still idempotent over the store, so the batches and the final pass
never do anything twice.
"""

from __future__ import annotations

from typing import Any

import storage
from newsmon.core.settings import open_settings_store, resolve_settings
from newsmon.core.stages import StageResult, stop_crawls

POLL_SECONDS = 3.0


def streamed(tasks: tuple[Any, Any, Any], args: dict, deadline: float | None,
             index_url: str | None) -> tuple[StageResult, list[StageResult], list[StageResult]]:
    """(the crawl's result, extract results and dedupe results of the batches run while
    it went on)."""
    crawl_task, extract_task, dedupe_task = tasks
    settings = resolve_settings(config=args["config_path"], store=args["store_url"],
                                data_dir=args["data_dir"])
    store = open_settings_store(settings)
    extracted: list[StageResult] = []
    clustered: list[StageResult] = []
    try:
        since = storage.utcnow()
        future = crawl_task.submit(args["config_path"], args["store_url"], args["data_dir"],
                                   args["run_date"], deadline)
        handled: set[str] = set()
        while not _wait(future, POLL_SECONDS):
            ready = sorted(_finished(store, since) - handled)
            if not ready:
                continue
            handled.update(ready)
            batch = extract_task(args["config_path"], args["store_url"], args["data_dir"],
                                 args["run_date"], None, ready)
            extracted.append(batch)
            if batch.summary.articles:
                clustered.append(dedupe_task(args["config_path"], args["store_url"],
                                             args["data_dir"], args["run_date"], batch,
                                             index_url))
        return future.result(), extracted, clustered
    except BaseException as exc:
        # Stopped (Ctrl-C, SIGTERM) while the crawl runs in its worker thread: stop the
        # crawl too, or the flow would wait for it to end.
        stop_crawls(exc)
        raise
    finally:
        store.close()


def _wait(future, seconds: float) -> bool:
    """True once the crawl has ended (however it ended: `result()` then says how)."""
    future.wait(timeout=seconds)  # returns at the timeout if the crawl goes on
    return future.state.is_final()


def _finished(store: storage.Store, since) -> set[str]:
    """Sources whose crawl ended in a crawl run started since `since` (this flow's)."""
    with store.connect() as conn:
        runs = [r for r in storage.recent_runs(conn, 10, "crawl") if r.started_at >= since]
        return {name for r in runs for name in storage.finished_sources(conn, r.id)}

"""`newsmon run`, `crawl`, `extract`, `dedupe` and `demo`: the stages, once or as the flow."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..core.settings import Settings, open_settings_store, resolve_settings
from .app import (
    ConfigOpt,
    DataDirOpt,
    DateOpt,
    DurationOpt,
    IndexOpt,
    StoreOpt,
    app,
    err,
    guarded,
    iso_day,
    out,
    parse_duration,
    settings_from,
)
from .output import print_figures, print_summary
from .signals import stoppable

DEMO_MARKER = ".newsmon-demo"


class DemoDirError(Exception):
    """The demo's --dir holds something else."""

    exit_code = 2


@app.command()
@guarded
@stoppable
def run(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
        run_date: DateOpt = None, index_url: IndexOpt = None,
        shards: Annotated[int, typer.Option(min=1, max=1024, help="crawl and extract in this "
                                            "many pieces at once")] = 1,
        max_duration: DurationOpt = None) -> None:
    """Run the daily flow once (crawl -> extract -> dedupe) as a Prefect flow run.

    Example: newsmon run --config sources.yaml --max-duration 25m
    """
    from flows import daily  # only the CLI imports flows

    from .crawl_progress import crawl_progress
    settings = settings_from(config, store, data_dir, index_url)
    day = iso_day(run_date)
    with crawl_progress(err, logs_dir(settings), day or date.today().isoformat()):
        all_failed = run_daily_flow(daily, settings, day, err, shards,
                                    parse_duration(max_duration))
    print_store_summary(out, settings)
    if all_failed:
        raise_every_source_failed()


@app.command()
@guarded
@stoppable
def crawl(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
          run_date: DateOpt = None, max_duration: DurationOpt = None) -> None:
    """Crawl every source once and archive what was fetched (no extraction).

    Example: newsmon crawl --config sources.yaml --max-duration 20m
    """
    import dataclasses
    import time

    from ..core.outcome import crawl_outcome
    from ..core.stages import run_stage
    from .crawl_progress import crawl_progress
    settings = settings_from(config, store, data_dir)
    seconds = parse_duration(max_duration)
    if seconds:
        settings = dataclasses.replace(settings, deadline=time.time() + seconds)
    day = iso_day(run_date) or date.today().isoformat()
    with crawl_progress(err, logs_dir(settings), day):
        result = run_stage("crawl", settings, day)
    print_figures(out, "crawl", result.to_dict())
    outcome = crawl_outcome(settings, result, day)
    for line in outcome.problems:
        err.print(line, markup=False)
    if outcome.all_failed:
        raise_every_source_failed()


@app.command()
@guarded
@stoppable
def extract(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
            run_date: DateOpt = None) -> None:
    """Extract clean articles from every fetched page not extracted yet.

    Example: newsmon extract --store sqlite:///./newsmon-data/newsmon.db
    """
    from ..core.stages import run_stage
    from .progress import progress_bar
    day = iso_day(run_date)
    with progress_bar(out, "extracting") as advance:
        result = run_stage("extract", settings_from(config, store, data_dir), day, advance)
    print_figures(out, "extract", result.to_dict())


@app.command()
@guarded
@stoppable
def dedupe(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
           run_date: DateOpt = None, index_url: IndexOpt = None) -> None:
    """Put every new article into a near-duplicate cluster.

    Example: newsmon dedupe --config sources.yaml --index-url redis://127.0.0.1:6379/0
    """
    from ..core.stages import run_stage
    result = run_stage("dedupe", settings_from(config, store, data_dir, index_url),
                       iso_day(run_date))
    print_figures(out, "dedupe", result.to_dict())


@app.command()
@guarded
@stoppable
def demo(
    workdir: Annotated[Path, typer.Option("--dir", help="where the demo's store goes")] = Path(
        "newsmon-demo"),
) -> None:
    """Serve the bundled demo news sites on 127.0.0.1, run the daily flow once, summarize.

    Example: newsmon demo --dir ./newsmon-demo
    """
    from flows import daily  # only the CLI imports flows

    run_demo(daily, out, workdir)


def logs_dir(settings: Settings) -> Path:
    """Where the crawl's log and progress files go: the store's data dir's `logs`."""
    store = open_settings_store(settings)
    try:
        return Path(store.data_dir) / "logs"
    finally:
        store.close()


def raise_every_source_failed() -> None:
    from ..core.health import EverySourceFailed

    raise EverySourceFailed("every source failed, nothing was fetched (see the lines above); "
                            "exit code 3")


def run_daily_flow(flow: Callable[..., dict], settings: Settings, run_date: str | None,
                   console: Console | None = None, shards: int = 1,
                   max_duration: float | None = None) -> bool:
    """Run the flow once; True when every source failed. Pre-flight first, so a mistake
    costs one line, not a retry (and nothing is crawled for a run that cannot finish). The
    run lock is taken here too: a busy store is one line before Prefect starts at all; the
    flow, running in this process, re-enters it."""
    from storage.locks import exclusive_run

    from ..core.outcome import crawl_outcome
    from ..core.preflight import preflight
    from ..core.stages import StageResult
    from .prefect_server import temporary_server

    preflight(settings)
    extra: dict = {"shards": shards} if shards > 1 else {}
    if settings.index_url:
        extra["index_url"] = settings.index_url
    if max_duration:
        extra["max_duration"] = max_duration
    store = open_settings_store(settings)
    try:
        with exclusive_run(store, "run"), temporary_server():
            # The flow resolves the same settings again: the archive URL, else the data dir.
            data_dir = settings.archive or (str(settings.data_dir) if settings.data_dir else None)
            result = flow(config_path=str(settings.config_path), store_url=settings.store_url,
                          data_dir=data_dir,
                          run_date=run_date, **extra)
    finally:
        store.close()
    crawl = StageResult.from_dict("crawl", result.get("crawl") or {})
    outcome = crawl_outcome(settings, crawl, result["run_date"])
    if console is not None:
        for line in outcome.problems:
            console.print(line, markup=False)
    return outcome.all_failed


def print_store_summary(console: Console, settings: Settings) -> None:
    from ..core.summary import summarize

    store = open_settings_store(settings)
    try:
        print_summary(console, summarize(store),
                      f"store {settings.store_url}, files under {store.data_dir}")
    finally:
        store.close()


def run_demo(flow: Callable[..., dict], console: Console, workdir: Path) -> None:
    """Serve the demo web, write its sources file, run the flow once and summarize."""
    from ..demo import DemoWeb, write_sources_yaml

    workdir = fresh_demo_dir(workdir.resolve())
    config = workdir / "sources.yaml"
    settings = resolve_settings(config=config, store=f"sqlite:///{workdir / 'newsmon.db'}")
    # Today's date: the demo's stories look like this morning's news.
    with DemoWeb(demo_date=date.today()) as web:
        write_sources_yaml(config, web.sites)
        console.print(f"demo web: {', '.join(f'{s.name} {s.base_url}' for s in web.sites)}",
                      markup=False)
        all_failed = run_daily_flow(flow, settings, None, console)
    print_store_summary(console, settings)
    if all_failed:
        raise_every_source_failed()
    console.print(f"try: newsmon export --store {settings.store_url} --format jsonl --unique",
                  markup=False)


def fresh_demo_dir(workdir: Path) -> Path:
    """An empty demo directory: the demo web gets new ports each time, so an old store's
    URLs would never match again. Only a directory the demo made itself is cleared."""
    marker = workdir / DEMO_MARKER
    if workdir.exists() and not workdir.is_dir():
        raise DemoDirError(f"--dir {workdir}: is a file; give a directory for the demo")
    if workdir.exists() and any(workdir.iterdir()) and not marker.exists():
        raise DemoDirError(f"{workdir} is not empty and was not made by `newsmon demo`; "
                           "choose another --dir")
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    marker.write_text("made by `newsmon demo`; cleared at each demo run\n")
    return workdir

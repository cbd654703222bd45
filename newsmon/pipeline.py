"""Running the daily flow from the command line, and the demo around it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.console import Console

from dedupe import open_index
from storage.locks import exclusive_run

from .config import load_sources
from .report import print_summary, source_problems, summarize
from .settings import Settings, resolve_settings
from .stages import open_settings_store

DEMO_MARKER = ".newsmon-demo"


class DemoDirError(Exception):
    """The demo's --dir holds something else; exit 2."""

    exit_code = 2


def run_daily_flow(flow: Callable[..., dict], settings: Settings, run_date: str | None,
                   console: Console | None = None, shards: int = 1) -> dict:
    """Check the sources file, the store and the shared index first, so a mistake costs
    one line, not a retry (and nothing is crawled for a run that cannot finish). The run
    lock is taken here too: a busy store is one line before Prefect starts at all; the
    flow, running in this process, re-enters it."""
    sources = load_sources(settings.config_path)
    store = open_settings_store(settings)
    try:
        open_index(settings.index_url or sources.dedupe.index, store.url, store.data_dir)
        extra = {"shards": shards} if shards > 1 else {}
        if settings.index_url:
            extra["index_url"] = settings.index_url
        with exclusive_run(store, "run"):
            result = flow(config_path=str(settings.config_path), store_url=settings.store_url,
                          data_dir=str(settings.data_dir) if settings.data_dir else None,
                          run_date=run_date, **extra)
    finally:
        store.close()
    if console is not None:
        for line in source_problems(result.get("crawl") or {}):
            console.print(line, markup=False)
    return result


def print_store_summary(console: Console, settings: Settings) -> None:
    store = open_settings_store(settings)
    try:
        print_summary(console, summarize(store), _where(settings, store.data_dir))
    finally:
        store.close()


def run_demo(flow: Callable[..., dict], console: Console, workdir: Path) -> None:
    """Serve the demo web, write its sources file, run the flow once and summarize."""
    from .demo import DemoWeb, write_sources_yaml

    workdir = fresh_demo_dir(workdir.resolve())
    config = workdir / "sources.yaml"
    settings = resolve_settings(config=config, store=f"sqlite:///{workdir / 'newsmon.db'}")
    # Today's date: the demo's stories look like this morning's news.
    with DemoWeb(demo_date=date.today()) as web:
        write_sources_yaml(config, web.sites)
        console.print(f"demo web: {', '.join(f'{s.name} {s.base_url}' for s in web.sites)}",
                      markup=False)
        run_daily_flow(flow, settings, None, console)
    print_store_summary(console, settings)
    console.print(f"try: newsmon export --store {settings.store_url} --format jsonl --unique",
                  markup=False)


def fresh_demo_dir(workdir: Path) -> Path:
    """An empty demo directory: the demo web gets new ports each time, so an old store's
    URLs would never match again. Only a directory the demo made itself is cleared."""
    marker = workdir / DEMO_MARKER
    if workdir.exists() and any(workdir.iterdir()) and not marker.exists():
        raise DemoDirError(f"{workdir} is not empty and was not made by `newsmon demo`; "
                           "choose another --dir")
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    marker.write_text("made by `newsmon demo`; cleared at each demo run\n")
    return workdir


def _where(settings: Settings, data_dir: Path) -> str:
    return f"store {settings.store_url}, files under {data_dir}"

"""Running the daily flow from the command line, and the demo around it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from .config import load_sources
from .report import print_summary, summarize
from .settings import Settings, resolve_settings
from .stages import open_settings_store


def run_daily_flow(flow: Callable[..., dict], settings: Settings, run_date: str | None) -> dict:
    """Check the sources file and the store first, so a mistake costs one line, not a retry."""
    load_sources(settings.config_path)
    open_settings_store(settings).close()
    return flow(config_path=str(settings.config_path), store_url=settings.store_url,
                data_dir=str(settings.data_dir) if settings.data_dir else None,
                run_date=run_date)


def print_store_summary(console: Console, settings: Settings) -> None:
    store = open_settings_store(settings)
    try:
        print_summary(console, summarize(store), _where(settings, store.data_dir))
    finally:
        store.close()


def run_demo(flow: Callable[..., dict], console: Console, workdir: Path) -> None:
    """Serve the demo web, write its sources file, run the flow once and summarize."""
    from .demo import DemoWeb, write_sources_yaml

    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "sources.yaml"
    settings = resolve_settings(config=config, store=f"sqlite:///{workdir / 'newsmon.db'}")
    with DemoWeb() as web:
        write_sources_yaml(config, web.sites)
        console.print(f"demo web: {', '.join(f'{s.name} {s.base_url}' for s in web.sites)}",
                      markup=False)
        run_daily_flow(flow, settings, None)
    print_store_summary(console, settings)
    console.print(f"try: newsmon export --store {settings.store_url} --format jsonl --unique",
                  markup=False)


def _where(settings: Settings, data_dir: Path) -> str:
    return f"store {settings.store_url}, files under {data_dir}"

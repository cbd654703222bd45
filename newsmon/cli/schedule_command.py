"""`newsmon schedule` (the daily flow served on a cron, on this machine) and `newsmon init`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import ConfigOpt, DataDirOpt, IndexOpt, StoreOpt, app, err, guarded, out, settings_from

DEPLOYMENT = "daily"  # prefect.yaml's name for it; runs are `newsmon-daily/daily`


@app.command()
@guarded
def schedule(
    cron: Annotated[Optional[str], typer.Option(
        help="when to run, a cron expression [default: prefect.yaml's daily schedule, "
             "'15 5 * * *' UTC]")] = None,
    config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
    index_url: IndexOpt = None,
) -> None:
    """Run the daily flow on a schedule on this machine (Prefect's own serving, no work
    pool); Ctrl-C stops it.

    Example: newsmon schedule --cron "15 5 * * *" --config sources.yaml
    """
    from ..core.preflight import preflight
    from ..core.scheduling import daily_schedule, served_parameters
    from ..core.settings import open_settings_store, resolve_settings
    from .prefect_server import prefect_api

    plan = daily_schedule(cron)
    given = settings_from(config, store, data_dir, index_url)
    params = served_parameters(given)
    settings = resolve_settings(config=params["config_path"], store=params["store_url"],
                                data_dir=params.get("data_dir"), index_url=index_url)
    preflight(settings)  # a bad sources file or store: one line now, not at 05:15
    opened = open_settings_store(settings)
    home = opened.data_dir / "prefect"
    opened.close()
    _ctrl_c_stops()
    with prefect_api(home, lambda line: err.print(line, markup=False)) as api:
        serve_daily(plan, params, api)


def _ctrl_c_stops() -> None:
    """A shell starts background jobs with SIGINT ignored, and Python then never raises
    KeyboardInterrupt: the schedule could not be stopped by Ctrl-C or a service's SIGINT."""
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def serve_daily(plan, params: dict, api: str) -> None:
    from prefect.schedules import Cron
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows import daily  # only the CLI imports flows

    err.print(f"newsmon: the daily flow runs on '{plan.cron}' ({plan.timezone}) with "
              f"--config {params['config_path']} --store {params['store_url']}; "
              "Ctrl-C stops", markup=False)
    err.print(f"newsmon: run it now with: PREFECT_API_URL={api} prefect deployment run "
              f"newsmon-daily/{DEPLOYMENT}", markup=False)
    # Prefect read its settings when first imported; the API may have been chosen since.
    with temporary_settings(updates={PREFECT_API_URL: api}):
        daily.serve(name=DEPLOYMENT, schedule=Cron(plan.cron, timezone=plan.timezone),
                    parameters=params, pause_on_shutdown=True, print_starting_message=False)
    err.print("newsmon: schedule stopped", markup=False)


@app.command()
@guarded
def init(
    urls: Annotated[list[str], typer.Argument(help="homepages of the news sites to follow")],
    config: ConfigOpt = None,
) -> None:
    """Write a starter sources.yaml for these homepages and say what to run next.

    Example: newsmon init https://www.example.com/ https://news.example.org/
    """
    from ..core.starter import write_starter
    path = settings_from(config, None, None).config_path
    sources = write_starter(path, urls)
    out.print(f"wrote {path} with {len(sources)} sources:", markup=False)
    for s in sources:
        out.print(f"  {s['name']}  {s['url']}", markup=False)
    flag = "" if path == Path("sources.yaml") else f" --config {path}"
    out.print("next:", markup=False)
    for command, why in ((f"newsmon sources check{flag}", "check the file"),
                         (f"newsmon run{flag}", "crawl, extract and cluster once, now"),
                         (f"newsmon schedule{flag}", "then every day (05:15 UTC unless --cron), "
                                                     "on this machine"),
                         ("newsmon serve", "look at the clusters in a browser")):
        out.print(f"  {command:<{32 + len(flag)}} # {why}", markup=False)

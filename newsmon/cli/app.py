"""The `newsmon` Typer app: shared options, the user-error guard, and the entry point.

Commands are thin wrappers over library functions, with an example in every help; they
live in the modules beside this one, which register themselves on `app`.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from ..core.settings import Settings, quiet_prefect, resolve_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="newsmon: crawl news sites, extract clean articles, cluster near-duplicates.")
sources_app = typer.Typer(no_args_is_help=True, help="Work with the sources file.")
app.add_typer(sources_app, name="sources")

out = Console(soft_wrap=True)  # plain lines never wrap; tables still fit the width
err = Console(stderr=True, highlight=False, soft_wrap=True)

ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", help="sources file [default: $NEWSMON_CONFIG, else ./sources.yaml]")]
StoreOpt = Annotated[Optional[str], typer.Option(
    "--store", help="store URL [default: $NEWSMON_STORE, else sqlite:///./newsmon-data/newsmon.db]")]
DataDirOpt = Annotated[Optional[str], typer.Option(
    "--data-dir", help="where WARC files and indexes go, or s3://bucket/prefix for the "
    "archive on object storage [default: $NEWSMON_DATA_DIR, else beside the SQLite file]")]
DateOpt = Annotated[Optional[str], typer.Option("--date", help="the day this run is for, YYYY-MM-DD")]
DurationOpt = Annotated[Optional[str], typer.Option(
    "--max-duration", help="how long the run may take, e.g. 25m, 1h30m, 900s (minutes if no "
    "unit); sources still crawling then stop cleanly and go first next time")]
IndexOpt = Annotated[Optional[str], typer.Option(
    "--index-url", help="shared LSH index, e.g. redis://127.0.0.1:6379/0 [default: "
    "$NEWSMON_INDEX_URL, else sources.yaml dedupe.index, else a file beside the store]")]


def _version(value: bool) -> None:
    if value:
        from ..core.version import __version__

        out.print(f"newsmon {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="print the version and exit")] = False
             ) -> None:
    """newsmon: crawl news sites, extract clean articles, cluster near-duplicates."""


def guarded(func):
    """Turn errors a user can cause into their lines on stderr and their exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:  # a command's own exit code: it has said what it had to
            raise
        except Exception as exc:
            from ..core.errors import user_error
            from .outfile import stdout_failure

            shown = user_error(stdout_failure(exc) or exc)
            if shown is None:
                raise  # a bug: keep the traceback
            code, lines = shown
            for line in lines:
                err.print(line, markup=False)
            raise typer.Exit(code) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM under `stoppable`
            message = getattr(exc, "message", None) or (
                f"stopped by {exc or 'Ctrl-C'}; what was stored is kept and the next run "
                "completes it")
            err.print(f"newsmon: {message}", markup=False)
            raise typer.Exit(getattr(exc, "exit_code", 130)) from None
    return wrapper


def settings_from(config: Optional[Path], store: Optional[str], data_dir: Optional[str],
                  index_url: Optional[str] = None) -> Settings:
    return resolve_settings(config=config, store=store, data_dir=data_dir, index_url=index_url)


def parse_day(value: Optional[str], option: str = "--date") -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from ..core.errors import UsageProblem

        raise UsageProblem(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None


def parse_duration(value: Optional[str], option: str = "--max-duration") -> Optional[float]:
    """Seconds from `25m`, `1h30m`, `90s` or a plain number of minutes."""
    if value is None:
        return None
    import re

    text = value.strip().lower()
    parts = re.fullmatch(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?",
                         text)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        seconds = float(text) * 60
    elif parts and text:
        h, m, s = (float(p) if p else 0.0 for p in parts.groups())
        seconds = h * 3600 + m * 60 + s
    else:
        seconds = 0.0
    if seconds < 60:
        from ..core.errors import UsageProblem

        raise UsageProblem(f"{option} {value!r}: expected a duration of at least a minute, "
                           "such as 25m, 1h30m or 900s")
    return seconds


def iso_day(value: Optional[str]) -> Optional[str]:
    day = parse_day(value)
    return day.isoformat() if day else None


def main() -> None:
    quiet_prefect()
    app()

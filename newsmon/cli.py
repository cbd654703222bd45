"""The `newsmon` command: thin wrappers over library functions, with an example in every help."""

from __future__ import annotations

import functools
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from .settings import Settings, quiet_prefect, resolve_settings

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
DataDirOpt = Annotated[Optional[Path], typer.Option(
    "--data-dir", help="where WARC files and indexes go [default: beside the SQLite file, "
    "or $NEWSMON_DATA_DIR]")]
DateOpt = Annotated[Optional[str], typer.Option("--date", help="the day this run is for, YYYY-MM-DD")]
IndexOpt = Annotated[Optional[str], typer.Option(
    "--index-url", help="shared LSH index, e.g. redis://127.0.0.1:6379/0 [default: "
    "$NEWSMON_INDEX_URL, else sources.yaml dedupe.index, else a file beside the store]")]


class UsageProblem(Exception):
    """A bad option value; exit 2 with one line."""


def guarded(func):
    """Turn errors a user can cause into one line on stderr and the contract's exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            code = _report_user_error(exc)
            if code is None:
                raise
            raise typer.Exit(code) from None
    return wrapper


def _report_user_error(exc: Exception) -> int | None:
    """Print a user-caused error as one line and return its exit code; None for a bug.

    The error classes are imported here, only when something failed: importing them up
    front would load dedupe (numpy, datasketch) for every command, `--help` included.
    """
    from crawlers import CrawlError
    from dedupe import IndexUnavailable
    from storage import StoreError

    from .config import ConfigError
    from .pipeline import DemoDirError

    if isinstance(exc, ConfigError):
        for problem in exc.problems:
            err.print(problem, markup=False)
        return 2
    if isinstance(exc, (StoreError, UsageProblem, DemoDirError, IndexUnavailable)):
        err.print(f"newsmon: {exc}", markup=False)
        return getattr(exc, "exit_code", 2)
    if isinstance(exc, CrawlError):
        err.print(f"newsmon: crawl failed: {exc}", markup=False)
        return 1
    return None


def _settings(config: Optional[Path], store: Optional[str], data_dir: Optional[Path],
              index_url: Optional[str] = None) -> Settings:
    return resolve_settings(config=config, store=store, data_dir=data_dir, index_url=index_url)


def _day(value: Optional[str], option: str = "--date") -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None


@app.command()
@guarded
def run(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
        run_date: DateOpt = None, index_url: IndexOpt = None,
        shards: Annotated[int, typer.Option(min=1, max=1024, help="crawl and extract in this "
                                            "many pieces at once")] = 1) -> None:
    """Run the daily flow once (crawl -> extract -> dedupe) as a Prefect flow run.

    Example: newsmon run --config sources.yaml --store sqlite:///./newsmon-data/newsmon.db
    """
    from flows import daily  # only the CLI imports flows

    from . import pipeline
    settings = _settings(config, store, data_dir, index_url)
    day = _day(run_date)
    pipeline.run_daily_flow(daily, settings, day.isoformat() if day else None, err, shards)
    pipeline.print_store_summary(out, settings)


@app.command()
@guarded
def crawl(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
          run_date: DateOpt = None) -> None:
    """Crawl every source once and archive what was fetched (no extraction).

    Example: newsmon crawl --config sources.yaml
    """
    from .stages import crawl_stage
    day = _day(run_date)
    from .report import source_problems
    figures = crawl_stage(_settings(config, store, data_dir), day.isoformat() if day else None)
    _print_figures("crawl", figures)
    for line in source_problems(figures):
        err.print(line, markup=False)


@app.command()
@guarded
def extract(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
            run_date: DateOpt = None) -> None:
    """Extract clean articles from every fetched page not extracted yet.

    Example: newsmon extract --store sqlite:///./newsmon-data/newsmon.db
    """
    from .progress import progress_bar
    from .stages import extract_stage
    day = _day(run_date)
    with progress_bar(out, "extracting") as advance:
        figures = extract_stage(_settings(config, store, data_dir), advance,
                                day.isoformat() if day else None)
    _print_figures("extract", figures)


@app.command()
@guarded
def dedupe(config: ConfigOpt = None, store: StoreOpt = None, data_dir: DataDirOpt = None,
           run_date: DateOpt = None, index_url: IndexOpt = None) -> None:
    """Put every new article into a near-duplicate cluster.

    Example: newsmon dedupe --config sources.yaml --index-url redis://127.0.0.1:6379/0
    """
    from .stages import dedupe_stage
    day = _day(run_date)
    figures = dedupe_stage(_settings(config, store, data_dir, index_url),
                           day.isoformat() if day else None)
    _print_figures("dedupe", figures)


@app.command()
@guarded
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, parquet or csv")],
    store: StoreOpt = None,
    since: Annotated[Optional[str], typer.Option(help="first day, YYYY-MM-DD (inclusive)")] = None,
    until: Annotated[Optional[str], typer.Option(help="last day, YYYY-MM-DD (inclusive)")] = None,
    unique: Annotated[bool, typer.Option("--unique", help="cluster representatives only")] = False,
    source: Annotated[Optional[str], typer.Option(help="one source's articles only")] = None,
    out_path: Annotated[str, typer.Option("--out", help="file to write, or - for stdout")] = "-",
    data_dir: DataDirOpt = None,
) -> None:
    """Export clean articles, one record per canonical article per source.

    Example: newsmon export --format jsonl --since 2026-11-01 --unique --out articles.jsonl
    """
    from .export_command import export_records
    from .exporting import FORMATS
    if fmt not in FORMATS:
        raise UsageProblem(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    count = export_records(_settings(None, store, data_dir), fmt, _day(since, "--since"),
                           _day(until, "--until"), unique, source, out_path)
    if out_path != "-":
        err.print(f"wrote {count} records to {out_path}", markup=False)


@app.command()
@guarded
def clusters(
    store: StoreOpt = None,
    since: Annotated[Optional[str], typer.Option(help="clusters seen on or after YYYY-MM-DD")] = None,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="smallest size shown")] = 2,
    source: Annotated[Optional[str], typer.Option(help="only clusters with a copy from this "
                                                       "source")] = None,
    search: Annotated[Optional[str], typer.Option(help="only clusters with a headline "
                                                       "containing this text")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object a line")] = False,
    data_dir: DataDirOpt = None,
) -> None:
    """List near-duplicate clusters, biggest first.

    Example: newsmon clusters --since 2026-11-01 --min-size 3 --source daily-planet --json
    """
    from storage import ClusterFilter

    from .inspect_command import show_clusters
    day = _day(since, "--since")
    flt = ClusterFilter(since=datetime.combine(day, time.min, timezone.utc) if day else None,
                        min_size=min_size, source=source, search=search)
    show_clusters(out, _settings(None, store, data_dir), flt, as_json)


@app.command()
@guarded
def cluster(
    cluster_id: Annotated[str, typer.Argument(help="a cluster id from `newsmon clusters`")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    data_dir: DataDirOpt = None,
) -> None:
    """Show one cluster: members, similarity, representative and why, what each copy changed.

    Example: newsmon cluster c3f9a0b1c2d3e4f5
    """
    from .inspect_command import show_cluster
    show_cluster(out, _settings(None, store, data_dir), cluster_id, as_json)


@app.command()
@guarded
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="address to listen on; another than 127.0.0.1 "
                                           "exposes the store to the network")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="port to listen on")] = 8000,
    data_dir: DataDirOpt = None,
) -> None:
    """Serve the web UI and the read-only JSON API (/api, documented at /docs).

    Example: newsmon serve --store sqlite:///./newsmon-data/newsmon.db --port 8000
    """
    from .web import serve_forever
    serve_forever(_settings(None, store, data_dir), host, port, err)


@app.command()
@guarded
def parse(
    files: Annotated[list[Path], typer.Argument(help=".html or .html.gz files")],
    url: Annotated[Optional[str], typer.Option(help="the URL the page came from")] = None,
) -> None:
    """Extract saved pages offline, one JSON object a line (the pipeline's own extraction).

    Example: newsmon parse page.html.gz --url https://example.com/news/story
    """
    from .parse_command import parse_files
    failures = parse_files(files, url, sys.stdout, err)
    if failures:
        raise typer.Exit(2)


@sources_app.command("check")
@guarded
def sources_check(config: ConfigOpt = None) -> None:
    """Validate a sources file; print file:line: field: problem for each error.

    Example: newsmon sources check --config sources.yaml
    """
    from .config import load_sources
    settings = _settings(config, None, None)
    parsed = load_sources(settings.config_path)
    out.print(f"{settings.config_path}: ok, {len(parsed.sources)} sources", markup=False)


@app.command()
@guarded
def demo(
    workdir: Annotated[Path, typer.Option("--dir", help="where the demo's store goes")] = Path(
        "newsmon-demo"),
) -> None:
    """Serve the bundled demo news sites on 127.0.0.1, run the daily flow once, summarize.

    Example: newsmon demo --dir ./newsmon-demo
    """
    from flows import daily  # only the CLI imports flows

    from . import pipeline
    pipeline.run_demo(daily, out, workdir)


def _print_figures(stage: str, figures: dict) -> None:
    shown = ", ".join(f"{k} {v}" for k, v in figures.items()
                      if isinstance(v, (int, float)) and k != "run_id")
    out.print(f"{stage}: {shown}", markup=False)


def main() -> None:
    quiet_prefect()
    app()

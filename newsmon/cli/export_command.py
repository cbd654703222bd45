"""`newsmon export`: export records into a file or stdout (see `outfile` for where they go)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from .app import DataDirOpt, StoreOpt, app, err, guarded, parse_day, settings_from
from .outfile import open_out


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
    from ..core.errors import UsageProblem
    from ..core.export import FORMATS, export_records
    from ..core.settings import open_settings_store
    if fmt not in FORMATS:
        raise UsageProblem(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    if fmt == "parquet" and out_path == "-" and sys.stdout.isatty():
        raise UsageProblem("Parquet is binary and would garble the terminal; give --out FILE "
                           "or pipe it (newsmon export --format parquet > articles.parquet)")
    opened = open_settings_store(settings_from(None, store, data_dir), create=False)
    try:
        with open_out(out_path, binary=fmt == "parquet") as out:
            count = export_records(opened, fmt, first, last, unique, source, out)
    finally:
        opened.close()
    if out_path != "-":
        err.print(f"wrote {count} records to {out_path}", markup=False)


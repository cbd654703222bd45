"""`newsmon export`: export records into a file (written beside it, then renamed) or stdout."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import DataDirOpt, StoreOpt, app, err, guarded, parse_day, settings_from


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
    opened = open_settings_store(settings_from(None, store, data_dir))
    try:
        with open_out(out_path, binary=fmt == "parquet") as out:
            count = export_records(opened, fmt, first, last, unique, source, out)
    finally:
        opened.close()
    if out_path != "-":
        err.print(f"wrote {count} records to {out_path}", markup=False)


@contextmanager
def open_out(out_path: str, binary: bool) -> Iterator:
    if out_path == "-":
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a failed export never leaves half a file.
    tmp = path.with_name(path.name + ".partial")
    text_args: dict = {} if binary else {"encoding": "utf-8", "newline": ""}
    try:
        with open(tmp, "wb" if binary else "w", **text_args) as handle:
            yield handle
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)

"""`newsmon dedupe-texts`: cluster texts you already have, with the dedupe stage's own code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app, err, guarded
from .outfile import open_out


class BadRecords(Exception):
    """An input line that is not a record of texts."""

    exit_code = 2
    located = True  # the message starts with FILE:LINE


@app.command("dedupe-texts")
@guarded
def dedupe_texts(
    file: Annotated[Path, typer.Argument(help="JSON Lines: id, text, optional source, "
                                              "published, url")],
    out_path: Annotated[str, typer.Option("--out", help="file to write, or - for stdout")] = "-",
    threshold: Annotated[Optional[float], typer.Option(
        min=0.05, max=1.0, help="similarity threshold [default: the dedupe stage's]")] = None,
) -> None:
    """Cluster texts you already have (in memory, no store): the same records come back with
    cluster_id, cluster_size, is_representative and duplicate_of.

    Example: newsmon dedupe-texts corpus.jsonl --out clustered.jsonl
    """
    import dataclasses

    from dedupe import DedupeConfig, dedupe_records

    records = list(read_records(file))
    config = DedupeConfig()
    if threshold is not None:
        config = dataclasses.replace(config, threshold=threshold)
    try:
        clustered = dedupe_records(records, config)
    except ValueError as exc:  # "record N ...": N is the line
        raise BadRecords(f"{file}: line {str(exc).removeprefix('record ')}") from None
    with open_out(out_path, binary=False) as out:
        for record in clustered:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if out_path != "-":
        err.print(f"wrote {len(clustered)} records to {out_path}", markup=False)


def read_records(path: Path) -> Iterator[dict]:
    """One JSON object per line (so record N is line N); a bad line is FILE:LINE and what
    is wrong."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise BadRecords(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadRecords(f"{path}:{number}: not JSON ({exc.msg})") from None
            except UnicodeDecodeError:
                raise BadRecords(f"{path}:{number}: not UTF-8") from None
            if not isinstance(record, dict):
                raise BadRecords(f"{path}:{number}: expected a JSON object") from None
            yield record

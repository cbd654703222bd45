"""`newsmon export`: stream export records from the store into a file or stdout."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import storage

from .exporting import write_csv, write_jsonl, write_parquet
from .settings import Settings
from .stages import open_settings_store


def export_records(settings: Settings, fmt: str, since: date | None, until: date | None,
                   unique: bool, source: str | None, out_path: str) -> int:
    """Write every matching record; returns how many were written."""
    store = open_settings_store(settings)
    try:
        with store.connect() as conn:
            records = storage.iter_export_records(conn, since, until, unique, source)
            with _open_out(out_path, binary=fmt == "parquet") as out:
                if fmt == "jsonl":
                    return write_jsonl(records, out)
                if fmt == "csv":
                    return write_csv(records, out)
                return write_parquet(records, out)
    finally:
        store.close()


@contextmanager
def _open_out(out_path: str, binary: bool):
    if out_path == "-":
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a failed export never leaves half a file.
    tmp = path.with_name(path.name + ".partial")
    text_args = {} if binary else {"encoding": "utf-8", "newline": ""}
    try:
        with open(tmp, "wb" if binary else "w", **text_args) as handle:
            yield handle
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)

"""The export: records streamed from the store into JSONL, CSV or Parquet, in constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import BinaryIO, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

import storage
from storage import EXPORT_FIELDS

from .names import require_source

FORMATS = ("jsonl", "csv", "parquet")

PARQUET_SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()),
    ("source", pa.string()), ("title", pa.string()), ("author", pa.string()),
    ("published", pa.timestamp("ms", tz="UTC")), ("language", pa.string()),
    ("text", pa.string()), ("fetched_at", pa.timestamp("ms", tz="UTC")),
    ("content_hash", pa.string()), ("cluster_id", pa.string()),
    ("cluster_size", pa.int64()), ("is_representative", pa.bool_()),
    ("duplicate_of", pa.string()),
])
assert tuple(PARQUET_SCHEMA.names) == EXPORT_FIELDS  # one column list for every format
# Parquet keeps times as timestamps (JSONL and CSV as ISO 8601 text).
_TIMES = ("published", "fetched_at")


def export_records(store: storage.Store, fmt: str, since: date | None, until: date | None,
                   unique: bool, source: str | None, out: TextIO | BinaryIO) -> int:
    """Write every matching record to `out` (binary for parquet); returns how many. An
    unknown `source` is an error naming the known ones, before anything is written."""
    with store.connect() as conn:
        require_source(conn, source)
        records = storage.iter_export_records(conn, since, until, unique, source)
        if fmt == "jsonl":
            return write_jsonl(records, out)  # type: ignore[arg-type]
        if fmt == "csv":
            return write_csv(records, out)  # type: ignore[arg-type]
        return write_parquet(records, out)  # type: ignore[arg-type]


def write_jsonl(records: Iterable[dict], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[dict], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: _csv_value(v) for k, v in record.items()})
        count += 1
    return count


def write_parquet(records: Iterable[dict], out: BinaryIO | str, batch_size: int = 2000) -> int:
    """Write in row groups of `batch_size`, so memory stays flat however many records."""
    count = 0
    with pq.ParquetWriter(out, PARQUET_SCHEMA, compression="zstd") as writer:
        for batch in _batches(iter(records), batch_size):
            rows = [{**r, **{k: _timestamp(r[k]) for k in _TIMES}} for r in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA))
            count += len(batch)
    return count


def _timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _batches(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while batch := list(islice(records, size)):
        yield batch


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value

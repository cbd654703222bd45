"""WARC archive of fetched responses: one gzip member per record, so one record reads by seek."""

from __future__ import annotations

from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from .items import FetchedPage

# Scrapy hands us the decompressed, de-chunked body; headers saying otherwise would make WARC
# readers decode it a second time.
_TRANSPORT_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def warc_path(run_date: str, source: str, run_id: int) -> str:
    """Where a source's records of one run go, relative to the data dir."""
    return f"warc/{run_date}/{source}-{run_id}.warc.gz"


class WarcArchive:
    """Appends response records to one WARC file per source of a run."""

    def __init__(self, data_dir: str | Path, run_date: str, run_id: int):
        self.data_dir = Path(data_dir)
        self.run_date = run_date
        self.run_id = run_id
        self._files: dict[str, tuple[BinaryIO, WARCWriter]] = {}

    def write(self, page: FetchedPage) -> tuple[str, int, int]:
        """Archive one response; returns (file relative to data dir, offset, length)."""
        rel = warc_path(self.run_date, page.source, self.run_id)
        fh, writer = self._open(page.source, rel)
        headers = [(k, v) for k, v in page.headers if k.lower() not in _TRANSPORT_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        http_headers = StatusAndHeaders(_status_line(page.status), headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            page.url, "response", payload=BytesIO(page.body), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": datetime_to_iso_date(page.fetched_at)})
        offset = fh.tell()
        writer.write_record(record)
        # Flushed before the page row points at it, so a killed crawl never leaves a dangling offset.
        fh.flush()
        return rel, offset, fh.tell() - offset

    def _open(self, source: str, rel: str) -> tuple[BinaryIO, WARCWriter]:
        if source not in self._files:
            path = self.data_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            # Append: a rerun of a killed run with the same id keeps the records already indexed.
            fh = open(path, "ab")
            fh.seek(0, 2)
            self._files[source] = (fh, WARCWriter(fh, gzip=True))
        return self._files[source]

    def close(self) -> None:
        for fh, _ in self._files.values():
            fh.close()
        self._files.clear()


def read_body(data_dir: str | Path, warc_file: str, offset: int) -> tuple[dict[str, str], bytes]:
    """Read one response record back: (HTTP headers with lowercased names, body).

    >>> headers, body = read_body(store.data_dir, page.warc_file, page.warc_offset)
    """
    with open(Path(data_dir) / warc_file, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        if record.rec_type != "response":
            raise ValueError(f"{warc_file}@{offset} is a {record.rec_type} record, not a response")
        headers = {k.lower(): v for k, v in record.http_headers.headers} if record.http_headers else {}
        return headers, record.content_stream().read()


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"

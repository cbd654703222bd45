"""WARC archive of fetched responses: one gzip member per record, so one record reads by seek.

The archive lives under a local directory (the default), or on object storage when its
location is a URL such as `s3://bucket/prefix` (warc_remote.py: segments, byte ranges).
"""

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
from .warc_remote import SEGMENT_BYTES, RemoteWarcFiles, is_remote, read_record_stream

# Scrapy hands us the decompressed, de-chunked body; headers saying otherwise would make WARC
# readers decode it a second time.
_TRANSPORT_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def warc_path(run_date: str, source: str, run_id: int) -> str:
    """Where a source's records of one run go, relative to the data dir."""
    return f"warc/{run_date}/{source}-{run_id}.warc.gz"


class WarcArchive:
    """Appends response records to one WARC file per source of a run (on object storage:
    to segments of one, see warc_remote.py)."""

    def __init__(self, data_dir: str | Path, run_date: str, run_id: int,
                 segment_bytes: int = SEGMENT_BYTES):
        self.remote = RemoteWarcFiles(str(data_dir), segment_bytes) if is_remote(data_dir) else None
        self.data_dir = None if self.remote else Path(data_dir)
        self.run_date = run_date
        self.run_id = run_id
        self._files: dict[str, tuple[BinaryIO, WARCWriter]] = {}

    def write(self, page: FetchedPage) -> tuple[str, int, int]:
        """Archive one response; returns (file relative to data dir, offset, length)."""
        rel = stem = warc_path(self.run_date, page.source, self.run_id)
        if self.remote:
            rel, fh = self.remote.spool(stem.removesuffix(".warc.gz"))
            writer = WARCWriter(fh, gzip=True)
        else:
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
        length = fh.tell() - offset
        if self.remote:
            self.remote.wrote(stem.removesuffix(".warc.gz"))
        return rel, offset, length

    def is_stored(self, warc_file: str) -> bool:
        """Whether a file's records are stored for good, so page rows may point at them
        (local files: at once; object storage: once its segment is uploaded)."""
        return self.remote is None or warc_file in self.remote.uploaded

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
        """Close the files (object storage: upload the open segments)."""
        for fh, _ in self._files.values():
            fh.close()
        self._files.clear()
        if self.remote:
            self.remote.flush()


def read_body(data_dir: str | Path, warc_file: str, offset: int) -> tuple[dict[str, str], bytes]:
    """Read one response record back: (HTTP headers with lowercased names, body).

    >>> headers, body = read_body(store.data_dir, page.warc_file, page.warc_offset)
    """
    if is_remote(data_dir):
        fh = read_record_stream(str(data_dir), warc_file, offset)  # a byte-range read
    else:
        fh = open(Path(data_dir) / warc_file, "rb")
        fh.seek(offset)
    with fh:
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

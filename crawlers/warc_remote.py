"""The WARC archive on object storage (`s3://bucket/prefix`, or any fsspec URL).

Objects cannot be appended to, so a source's records go to SEGMENTS: a local spool is
uploaded as one object `warc/<date>/<source>-<run>-<writer>-<n>.warc.gz` once it holds
`SEGMENT_BYTES` (or the crawl ends), the writer part being random so a rerun of a killed
run never overwrites what an earlier attempt uploaded. A record's page row may only point
at an uploaded segment (a killed crawl must not leave rows pointing at nothing), so the
pipeline writes the rows of a segment after its upload (`WarcArchive.is_stored`). A crawl
killed before an upload loses those pages' rows with their records: the next run fetches
them again, as if they had never been seen.

Reads are byte ranges: `read_record` opens the object with a small block size, seeks to
the record and reads only what the gzip member needs. Credentials and endpoint come from
the usual environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL for an
S3-compatible server) or fsspec's own configuration.
"""

from __future__ import annotations

import io
import uuid
from typing import BinaryIO

__all__ = ["SEGMENT_BYTES", "RemoteWarcFiles", "is_remote", "read_record_stream"]

SEGMENT_BYTES = 8 * 1024 * 1024
# A range read: one GET covers a typical gzipped news page (15-25 KB) and its headers.
_BLOCK = 256 * 1024


def is_remote(location) -> bool:
    """Whether an archive location is a URL (s3://, gs://, memory://...) and not a path."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def _filesystem(location: str):
    import fsspec

    fs, root = fsspec.core.url_to_fs(location)
    return fs, root.rstrip("/")


class RemoteWarcFiles:
    """Per-source spools of one run, uploaded segment by segment."""

    def __init__(self, location: str, segment_bytes: int = SEGMENT_BYTES) -> None:
        self.fs, self.root = _filesystem(location)
        self.segment_bytes = segment_bytes
        self.writer = uuid.uuid4().hex[:8]
        self._spools: dict[str, tuple[str, io.BytesIO]] = {}  # stem -> (rel of segment, spool)
        self._counts: dict[str, int] = {}
        self.uploaded: set[str] = set()  # segments stored in full

    def spool(self, stem: str) -> tuple[str, BinaryIO]:
        """The open segment of `stem` (`warc/<date>/<source>-<run>`): (its name, spool)."""
        if stem not in self._spools:
            n = self._counts.get(stem, 0) + 1
            self._counts[stem] = n
            self._spools[stem] = (f"{stem}-{self.writer}-{n:05d}.warc.gz", io.BytesIO())
        return self._spools[stem]

    def wrote(self, stem: str) -> None:
        """A record went into `stem`'s spool: upload the segment when it is full."""
        rel, spool = self._spools[stem]
        if spool.tell() >= self.segment_bytes:
            self._upload(stem)

    def flush(self) -> None:
        """Upload every open segment (end of the crawl)."""
        for stem in list(self._spools):
            self._upload(stem)

    def _upload(self, stem: str) -> None:
        rel, spool = self._spools.pop(stem)
        if spool.tell():
            self.fs.pipe_file(f"{self.root}/{rel}", spool.getvalue())
            self.uploaded.add(rel)


def read_record_stream(location: str, warc_file: str, offset: int):
    """An open, seeked file object of the object holding `warc_file`."""
    fs, root = _filesystem(location)
    fh = fs.open(f"{root}/{warc_file}", "rb", block_size=_BLOCK, cache_type="readahead")
    fh.seek(offset)
    return fh

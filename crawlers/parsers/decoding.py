"""Bytes -> text for saved and fetched HTML pages, without mojibake."""
from __future__ import annotations

import zlib
from pathlib import Path

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

__all__ = ["MAX_SAVED_PAGE", "PageTooLarge", "decode_html", "read_saved_page"]

_GZIP_MAGIC = b"\x1f\x8b"
# WHATWG: an unlabelled legacy page is windows-1252 (which is also what latin-1 labels mean).
_LEGACY_DEFAULT = "cp1252"


class PageTooLarge(OSError):
    """A saved page larger than any page the crawler keeps (a gzip bomb, a video)."""


# As the crawler's own default cap (crawl.max_page_bytes), with room for pages saved by hand.
MAX_SAVED_PAGE = 32_000_000


def read_saved_page(path: str | Path, limit: int = MAX_SAVED_PAGE) -> bytes:
    """Read a saved page, gunzipping it when its first bytes say gzip (whatever its name);
    PageTooLarge past `limit` bytes, on disk or once decompressed."""
    path = Path(path)
    if path.stat().st_size > limit:
        raise PageTooLarge(f"larger than {limit // 1_000_000} MB")
    data = path.read_bytes()
    if data[:2] != _GZIP_MAGIC:
        return data
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        page = inflate.decompress(data, limit + 1)
    except zlib.error as exc:
        raise OSError(f"damaged gzip data ({exc})") from None
    if len(page) > limit:
        raise PageTooLarge(f"larger than {limit // 1_000_000} MB once decompressed")
    return page  # a truncated archive still gives the usable prefix of the page


def decode_html(body: bytes, content_type_header: str | None = None) -> str:
    """Decode an HTML body: BOM > header > <meta>, but never a label that does not fit the bytes.

    >>> decode_html(b'<meta charset="windows-1252"><p>caf\\xe9</p>', "text/html; charset=utf-8")
    '<meta charset="windows-1252"><p>café</p>'
    """
    if isinstance(body, str):
        return body
    try:
        return _decode(bytes(body), content_type_header)
    except Exception:  # noqa: BLE001 - decoding must never stop a crawl or an extract run
        return bytes(body).decode("utf-8", "replace")


def _decode(body: bytes, header: str | None) -> str:
    bom_enc, bom = read_bom(body)
    if bom_enc and bom:
        return to_unicode(body[len(bom):], bom_enc)
    # Valid UTF-8 with non-ASCII bytes is almost never an accident of a legacy encoding,
    # so it beats a header or <meta> that says latin-1 (a common server default).
    if not body.isascii():
        text = _strict(body, "utf-8")
        if text is not None:
            return text
    labels = [_resolve(http_content_type_encoding(header)), _resolve(html_body_declared_encoding(body))]
    for enc in _unique([*labels, _LEGACY_DEFAULT]):
        text = _strict(body, enc)
        if text is not None:
            return text
    first = next((enc for enc in labels if enc), _LEGACY_DEFAULT)
    return to_unicode(body, first)


def _resolve(label: str | None) -> str | None:
    return resolve_encoding(label) if label else None


def _unique(encodings: list[str | None]) -> list[str]:
    seen: list[str] = []
    for enc in encodings:
        if enc and enc not in seen:
            seen.append(enc)
    return seen


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None

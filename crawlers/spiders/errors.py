"""Names for download failures, as counted in the per-source `errors` figures."""

from __future__ import annotations

from twisted.internet import error as tx
from twisted.internet.defer import CancelledError

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)

_KINDS = (
    ((DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError), "timeout"),
    ((CannotResolveHostError, tx.DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, tx.ConnectionRefusedError, tx.ConnectError,
      tx.ConnectionLost, tx.ConnectionDone, DownloadFailedError, ResponseDataLossError),
     "connection"),
    # Scrapy cancels a download whose body passes DOWNLOAD_MAXSIZE.
    ((DownloadCancelledError, CancelledError), "too_large"),
)


def error_kind(exc: BaseException) -> str:
    """timeout | dns | connection | too_large | redirects | ignored | other (and bad_url,
    counted by the dispatcher for a URL no request can be made of)."""
    for types, kind in _KINDS:
        if isinstance(exc, types):
            return kind
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "DOWNLOAD_MAXSIZE" in message:
            return "too_large"  # HttpCompressionMiddleware: too large once decompressed
        if "redirection" in message:
            return "redirects"
        return "ignored"
    return "other"

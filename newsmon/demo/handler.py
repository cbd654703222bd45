"""HTTP handling for one demo site: lookup, conditional GET, gzip, redirects, request log."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from .resources import Resource

LOGGED_HEADERS = ("User-Agent", "Accept-Encoding", "If-None-Match", "If-Modified-Since")
_NOT_FOUND = (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not found</title>"
              b"</head><body><h1>404 Not Found</h1></body></html>\n")


class LoggedRequest(NamedTuple):
    """One request a demo site answered: (site, method, path, status, headers)."""

    site: str
    method: str
    path: str
    status: int
    headers: dict[str, str]


def lookup(resources: Mapping[str, Resource], raw_path: str) -> Resource | None:
    """The resource for a request path; tracking parameters in the query are ignored."""
    parts = urlsplit(raw_path)
    path = unquote(parts.path)
    if not parts.query:
        return resources.get(path)
    if f"{path}?{parts.query}" in resources:
        return resources[f"{path}?{parts.query}"]
    pages = [(k, v) for k, v in parse_qsl(parts.query) if k == "page"]
    if not pages or pages == [("page", "1")]:
        return resources.get(path)
    return resources.get(f"{path}?{urlencode(pages[:1])}")


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (q=0 refuses it)."""
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                return float(q) > 0
            except ValueError:
                return True
    return False


def not_modified(resource: Resource, headers: Mapping[str, str]) -> bool:
    """RFC 9110 evaluation: If-None-Match wins over If-Modified-Since when both are sent."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or bool(tags & {resource.etag, resource.gzip_etag})
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            return resource.last_modified <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class SiteServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that carries one site's resources and a log callback."""

    daemon_threads = True
    request_queue_size = 128  # the default of 5 drops connects from a busy crawler

    def __init__(self, name: str, host: str, log: Callable[[LoggedRequest], None]) -> None:
        super().__init__((host, 0), DemoHandler)
        self.site_name = name
        self.resources: dict[str, Resource] = {}
        self.base_url = ""
        self.log = log


class DemoHandler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "newsmon-demo/1.0"
    protocol_version = "HTTP/1.1"
    timeout = 10
    disable_nagle_algorithm = True  # headers and body go out as separate writes

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def do_POST(self) -> None:  # noqa: N802
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD"}, b"", True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the structured request log replaces stderr lines."""

    def _respond(self, send_body: bool) -> None:
        resource = lookup(self.server.resources, self.path)
        if resource is None:
            self._missing(send_body)
            return
        gz = accepts_gzip(self.headers.get("Accept-Encoding"))
        headers = {
            "Content-Type": resource.content_type,
            "ETag": resource.gzip_etag if gz else resource.etag,
            "Last-Modified": resource.http_date,
            "Cache-Control": "max-age=60",
            "Vary": "Accept-Encoding",
        }
        if not_modified(resource, self.headers):  # type: ignore[arg-type]
            self._send(HTTPStatus.NOT_MODIFIED, headers, b"", False)
            return
        if gz:
            headers["Content-Encoding"] = "gzip"
        self._send(HTTPStatus.OK, headers, resource.gzipped if gz else resource.body, send_body)

    def _missing(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        other = path[:-1] if path.endswith("/") and path != "/" else path + "/"
        if other in self.server.resources:  # the usual CMS habit: fix the trailing slash
            location = self.server.base_url.rstrip("/") + other
            self._send(HTTPStatus.MOVED_PERMANENTLY, {"Location": location}, b"", send_body)
            return
        headers = {"Content-Type": "text/html; charset=utf-8"}
        self._send(HTTPStatus.NOT_FOUND, headers, _NOT_FOUND, send_body)

    def _send(self, status: HTTPStatus, headers: dict[str, str], body: bytes,
              send_body: bool) -> None:
        # Logged before anything is sent, so a client that has its answer sees it in the log.
        logged = {h: self.headers[h] for h in LOGGED_HEADERS if self.headers.get(h) is not None}
        self.server.log(LoggedRequest(self.server.site_name, self.command, self.path,
                                      int(status), logged))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)

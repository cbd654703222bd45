"""The FastAPI app: server-rendered pages + the read-only JSON API, behind security headers.

Everything shown was scraped from the web and is untrusted: templates autoescape, links are
rendered only for http(s) URLs, and every response carries a Content-Security-Policy that
allows no script at all on our pages, so a missed escape still runs nothing.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ..core.settings import Settings, open_settings_store
from ..core.version import __version__
from .api import router as api_router
from .deps import templates
from .pages import router as page_router
from .store_pages import router as store_page_router

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("newsmon.web")

# Our pages need nothing but our own stylesheet and same-origin form submissions.
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
# The API docs page is Swagger UI 5 (it reads the OpenAPI 3.1 FastAPI writes; 4.x cannot)
# served from the fastapi-offline package's files (never a CDN: newsmon contacts nothing the
# user did not configure). Its bootstrap script is inline, and it shows only our own schema,
# never scraped text, so it alone may run scripts.
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
_DOCS_PATHS = ("/docs",)


def create_app(settings: Settings, allowed_hosts: frozenset[str] | None = None) -> FastAPI:
    """The web UI and the JSON API over the store `settings` names (opened at startup).
    `allowed_hosts`: the Host header names answered (None: any), so a page of another
    origin cannot read the API through DNS rebinding."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.store = open_settings_store(settings, create=False)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(title="newsmon", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Read-only JSON API over a newsmon store. Article fields are "
                              "the export record's (see the README).")
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_files()), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsmon API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/favicon.ico",
                                   # no badge from validator.swagger.io either
                                   swagger_ui_parameters={"validatorUrl": None})
    app.state.templates = templates()
    app.include_router(api_router)
    app.include_router(page_router)
    app.include_router(store_page_router)

    app.state.allowed_hosts = allowed_hosts
    app.middleware("http")(security_headers)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/clusters")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # none; saves a 404 in every browser console

    @app.get("/static/newsmon.css", include_in_schema=False)
    def stylesheet() -> FileResponse:
        return FileResponse(STATIC / "newsmon.css", media_type="text/css")

    return app


# Longer query values than any page or API call needs are refused, as are integers no
# database column holds and NUL characters (PostgreSQL refuses them in text).
MAX_QUERY_VALUE = 2000
_MAX_INT = 2**63 - 1


def refused(request: Request) -> tuple[int, str] | None:
    """(status, why) for a request to refuse before any route runs, else None."""
    allowed = getattr(request.app.state, "allowed_hosts", None)
    if allowed is not None:
        name = _host_name(request.headers.get("host", ""))
        if name not in allowed:
            return 421, f"this server does not answer to the host name {name!r}"
    for key, value in request.query_params.multi_items():
        if "\x00" in value or "\x00" in key:
            return 400, f"query parameter {key!r}: NUL characters are not allowed"
        if len(value) > MAX_QUERY_VALUE:
            return 400, f"query parameter {key!r}: longer than {MAX_QUERY_VALUE} characters"
        if value.lstrip("-").isdigit() and abs(int(value)) > _MAX_INT:
            return 400, f"query parameter {key!r}: number too large"
    return None


def _host_name(header: str) -> str:
    """The Host header without its port: example.org, 127.0.0.1, ::1."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def swagger_ui_files() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


async def security_headers(request: Request, call_next):
    """Every response, error pages and the API included, gets the CSP and friends; a
    route that set a stricter policy of its own (the archived pages' sandbox) keeps it.
    Requests no route could answer sanely are refused first; a failure is a 500 that says
    nothing of the code (and is logged once)."""
    problem = refused(request)
    if problem is not None:
        response: Response = JSONResponse({"detail": problem[1]}, status_code=problem[0])
    else:
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - the client gets a plain 500, the log the traceback
            log.exception("error answering %s", request.url.path)
            response = JSONResponse({"detail": "internal error; see the server's log"},
                                    status_code=500)
    docs = request.url.path in _DOCS_PATHS
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else PAGE_CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Following a link to a news site must not tell it what the user was looking at.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response

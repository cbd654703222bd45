"""The FastAPI app: server-rendered pages + the read-only JSON API, behind security headers.

Everything shown was scraped from the web and is untrusted: templates autoescape, links are
rendered only for http(s) URLs, and every response carries a Content-Security-Policy that
allows no script at all on our pages, so a missed escape still runs nothing.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ..core.settings import Settings, open_settings_store
from ..core.version import __version__
from .api import router as api_router
from .deps import templates
from .pages import router as page_router
from .store_pages import router as store_page_router

STATIC = Path(__file__).resolve().parent / "static"

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


def create_app(settings: Settings) -> FastAPI:
    """The web UI and the JSON API over the store `settings` names (opened at startup)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.store = open_settings_store(settings)
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


def swagger_ui_files() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


async def security_headers(request: Request, call_next):
    """Every response, error pages and the API included, gets the CSP and friends; a
    route that set a stricter policy of its own (the archived pages' sandbox) keeps it."""
    response = await call_next(request)
    docs = request.url.path in _DOCS_PATHS
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else PAGE_CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Following a link to a news site must not tell it what the user was looking at.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response

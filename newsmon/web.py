"""`newsmon serve`: the FastAPI app (server-rendered pages + read-only JSON API) and its server.

Everything shown was scraped from the web and is untrusted: templates autoescape, links are
rendered only for http(s) URLs, and every response carries a Content-Security-Policy that
allows no script at all on our pages, so a missed escape still runs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from rich.console import Console
from swagger_ui_bundle import swagger_ui_path

from .settings import Settings
from .stages import open_settings_store
from .version import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Our pages need nothing but our own stylesheet and same-origin form submissions.
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
# The API docs page is Swagger UI served from the swagger-ui-bundle package (never a CDN:
# newsmon contacts nothing the user did not configure). Its bootstrap script is inline, and it
# shows only our own schema, never scraped text, so it alone may run scripts.
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
_DOCS_PATHS = ("/docs",)

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1em; }
nav { border-bottom: 1px solid #ccc; padding: .6em 0; } nav a { margin-right: 1em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #eee;
  padding: .3em .5em; text-align: left; vertical-align: top; }
form.filters { display: flex; gap: .8em; flex-wrap: wrap; align-items: end; margin: 1em 0; }
form.filters label { display: flex; flex-direction: column; font-size: 13px; }
.diff td { width: 50%; } .diff .same { color: #666; }
del { background: #fdd; text-decoration: line-through; } ins { background: #dfd;
  text-decoration: none; } .cut { background: #fee; } .added { background: #efe; }
.rep { font-weight: bold; } .error { color: #a00; } .muted { color: #777; }
.text p { max-width: 46em; } svg text { font-size: 12px; }
"""


def http_url(value: str | None) -> str | None:
    """The URL when it may be a link (http or https), else None: no javascript:, data:..."""
    if not value:
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["http_url"] = http_url
    env.filters["when"] = lambda iso: (iso or "")[:16].replace("T", " ")
    return env


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    page = request.app.state.templates.get_template(name).render(
        request=request, version=__version__, **context)
    return HTMLResponse(page, status_code=status_code)


def connection(request: Request) -> Iterator:
    """A read connection for one request (FastAPI dependency)."""
    with request.app.state.store.connect() as conn:
        yield conn


def create_app(settings: Settings) -> FastAPI:
    """The web UI and the JSON API over the store `settings` names (opened at startup)."""
    from .web_api import router as api_router
    from .web_pages import router as page_router

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
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")

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

    app.middleware("http")(security_headers)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/clusters")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # none; saves a 404 in every browser console

    @app.get("/static/newsmon.css", include_in_schema=False)
    def stylesheet() -> PlainTextResponse:
        return PlainTextResponse(STYLE, media_type="text/css")

    return app


async def security_headers(request: Request, call_next):
    """Every response, error pages and the API included, gets the CSP and friends."""
    response = await call_next(request)
    docs = request.url.path in _DOCS_PATHS
    response.headers["Content-Security-Policy"] = DOCS_CSP if docs else PAGE_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Following a link to a news site must not tell it what the user was looking at.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def serve_forever(settings: Settings, host: str, port: int, console: Console) -> None:
    """Run the server until interrupted; the store is checked first so a bad URL is one line."""
    import uvicorn

    open_settings_store(settings).close()
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"newsmon: serving on {host}: anyone who can reach it can read the store",
                      markup=False)
    console.print(f"newsmon: serving {storage_label(settings)} on http://{host}:{port}/ "
                  "(API docs at /docs); Ctrl-C stops", markup=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def storage_label(settings: Settings) -> str:
    from sqlalchemy.engine import make_url
    try:
        return make_url(settings.store_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only a label; the store itself was already opened
        return "the store"


"""What the API and the pages share: the request's connection, templates and safe links."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core.version import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"


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

"""The web UI and read-only JSON API (FastAPI + Jinja2): app, api, pages, templates, static.

>>> from newsmon.web import create_app
"""

from .app import create_app
from .server import serve_forever

__all__ = ["create_app", "serve_forever"]

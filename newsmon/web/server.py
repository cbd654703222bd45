"""`newsmon serve`: uvicorn over the app, after checking the store opens."""

from __future__ import annotations

from rich.console import Console

from ..core.settings import Settings, open_settings_store


def serve_forever(settings: Settings, host: str, port: int, console: Console) -> None:
    """Run the server until interrupted; the store is checked first so a bad URL is one line."""
    import uvicorn

    from .app import create_app

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

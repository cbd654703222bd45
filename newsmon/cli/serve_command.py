"""`newsmon serve` and `newsmon sources check`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import ConfigOpt, DataDirOpt, StoreOpt, app, err, guarded, out, settings_from, sources_app


@app.command()
@guarded
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="address to listen on; another than 127.0.0.1 "
                                           "exposes the store to the network")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="port to listen on")] = 8000,
    data_dir: DataDirOpt = None,
    allow_host: Annotated[Optional[list[str]], typer.Option(
        "--allow-host", help="a name the browser may use for this server (its Host header), "
        "besides --host; repeat for more")] = None,
) -> None:
    """Serve the web UI and the read-only JSON API (/api, documented at /docs).

    Example: newsmon serve --store sqlite:///./newsmon-data/newsmon.db --port 8000
    """
    from ..web.server import serve_forever
    serve_forever(settings_from(None, store, data_dir), host, port, err,
                  tuple(allow_host or ()))


@sources_app.command("check")
@guarded
def sources_check(config: ConfigOpt = None) -> None:
    """Validate a sources file; print file:line: field: problem for each error.

    Example: newsmon sources check --config sources.yaml
    """
    from ..core.sources import load_sources
    settings = settings_from(config, None, None)
    parsed = load_sources(settings.config_path)
    out.print(f"{settings.config_path}: ok, {len(parsed.sources)} sources", markup=False)

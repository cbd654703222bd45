"""`newsmon clusters` and `newsmon cluster ID`: look at what was grouped and why."""

from __future__ import annotations

from datetime import datetime, time, timezone
from typing import Annotated, Optional

import typer

from .app import DataDirOpt, StoreOpt, app, guarded, out, parse_day, settings_from


@app.command()
@guarded
def clusters(
    store: StoreOpt = None,
    since: Annotated[Optional[str], typer.Option(help="clusters seen on or after YYYY-MM-DD")] = None,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="smallest size shown")] = 2,
    source: Annotated[Optional[str], typer.Option(help="only clusters with a copy from this "
                                                       "source")] = None,
    search: Annotated[Optional[str], typer.Option(help="only clusters with a headline "
                                                       "containing this text")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object a line")] = False,
    data_dir: DataDirOpt = None,
) -> None:
    """List near-duplicate clusters, biggest first.

    Example: newsmon clusters --since 2026-11-01 --min-size 3 --source daily-planet --json
    """
    from storage import ClusterFilter

    from .cluster_view import show_clusters
    day = parse_day(since, "--since")
    flt = ClusterFilter(
        since=datetime.combine(day, time.min, timezone.utc) if day else None,
        min_size=min_size, source=source, search=search)
    show_clusters(out, settings_from(None, store, data_dir), flt, as_json)


@app.command()
@guarded
def cluster(
    cluster_id: Annotated[str, typer.Argument(help="a cluster id from `newsmon clusters`")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    data_dir: DataDirOpt = None,
) -> None:
    """Show one cluster: members, similarity, representative and why, what each copy changed.

    Example: newsmon cluster c3f9a0b1c2d3e4f5
    """
    from .cluster_view import show_cluster
    show_cluster(out, settings_from(None, store, data_dir), cluster_id, as_json)

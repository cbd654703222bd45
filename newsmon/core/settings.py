"""Run settings: the one place environment variables are read."""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONFIG = "sources.yaml"
DEFAULT_STORE = "sqlite:///./newsmon-data/newsmon.db"

# Prefect phones home unless told not to; newsmon contacts only the sites a user configured.
PREFECT_QUIET = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_UI_ENABLED": "false",
}
# The temporary server `newsmon run` starts must come up on a busy machine too (Prefect's
# default gives up after 20 s, which a loaded two-core host exceeds).
PREFECT_DEFAULTS = {**PREFECT_QUIET, "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}


@dataclass(frozen=True)
class Settings:
    """Where the sources file is, which store to use and where its files live."""

    config_path: Path
    store_url: str
    data_dir: Path | None  # None: beside the SQLite file (required for PostgreSQL)
    workers: int | None = None  # extraction processes; None = every core
    # The shared LSH index (redis://...); None: sources.yaml's dedupe.index, else a file
    # beside the store. Several workers deduping into one store share it.
    index_url: str | None = None
    # (i, n): this process works on shard i of n (sources for crawl, page ids for extract);
    # None: everything.
    shard: tuple[int, int] | None = None
    # Where the WARC archive lives when it is object storage (s3://bucket/prefix, given as
    # --data-dir): workers on several machines share it without a shared file system. The
    # rest of the files (logs, the index file) then stay in `data_dir` on this machine.
    archive: str | None = None
    # Unix time by which the crawl must stop (a run's --max-duration): every source stops
    # cleanly and keeps the rest of its frontier for the next run. None: only the sources'
    # own budgets.
    deadline: float | None = None
    # Extract only these sources' pages (the flow, as each source's crawl ends); None: all.
    extract_sources: tuple[str, ...] | None = None


def resolve_settings(config: str | Path | None = None, store: str | None = None,
                     data_dir: str | Path | None = None, workers: int | None = None,
                     env: Mapping[str, str] | None = None, index_url: str | None = None,
                     shard: tuple[int, int] | None = None) -> Settings:
    """Command-line values first, then NEWSMON_* variables, then the contract's defaults."""
    env = os.environ if env is None else env
    config = config or env.get("NEWSMON_CONFIG") or DEFAULT_CONFIG
    store = store or env.get("NEWSMON_STORE") or DEFAULT_STORE
    data_dir = data_dir or env.get("NEWSMON_DATA_DIR") or None
    archive = None
    if data_dir is not None and "://" in str(data_dir):  # object storage: the archive only
        archive, data_dir = str(data_dir).rstrip("/"), None
    if workers is None and env.get("NEWSMON_WORKERS"):
        workers = _workers(env["NEWSMON_WORKERS"])
    index_url = index_url or env.get("NEWSMON_INDEX_URL") or None
    return Settings(Path(config), store, Path(data_dir) if data_dir else None, workers,
                    index_url, shard, archive)


def _workers(value: str) -> int:
    if value.strip().isdigit() and int(value) >= 1:
        return int(value)
    from .errors import UsageProblem

    raise UsageProblem(f"NEWSMON_WORKERS={value!r}: expected a whole number of processes, "
                       "1 or more")


def open_settings_store(settings: Settings, create: bool = True):
    """The store `settings` names, opened (and migrated): a `storage.Store`. `create`:
    False for commands that only read, which refuse a store that does not exist."""
    import storage  # here, not at the top: `newsmon --help` must not load SQLAlchemy

    return storage.open_store(settings.store_url, settings.data_dir, create=create)


def quiet_prefect(env: MutableMapping[str, str] | None = None) -> None:
    """Turn off Prefect's telemetry and analytics (and give its temporary server time to
    start) unless the user chose otherwise."""
    env = os.environ if env is None else env
    for key, value in PREFECT_DEFAULTS.items():
        env.setdefault(key, value)


def services_required(env: Mapping[str, str] | None = None) -> bool:
    """CI sets NEWSMON_REQUIRE_SERVICES=1: tests needing PostgreSQL/Redis must not skip."""
    env = os.environ if env is None else env
    return env.get("NEWSMON_REQUIRE_SERVICES", "") not in ("", "0", "false")

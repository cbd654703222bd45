"""The one pre-flight check of a run, shared by `newsmon run` and the daily flow."""

from __future__ import annotations

from dataclasses import dataclass

import dedupe

from .settings import Settings, open_settings_store
from .sources import SourcesFile, load_sources


@dataclass(frozen=True)
class Preflight:
    sources: SourcesFile
    index_url: str | None  # the shared index the run will use (None: a file)


def preflight(settings: Settings) -> Preflight:
    """Check the sources file, the store and the shared index before anything runs, so a
    mistake costs one line (ConfigError, StoreError, IndexUnavailable), not a retry, and
    nothing is crawled for a run that cannot finish."""
    sources = load_sources(settings.config_path)
    store = open_settings_store(settings)
    try:
        index_url = settings.index_url or sources.dedupe.index
        dedupe.open_index(index_url, store.url, store.data_dir)
    finally:
        store.close()
    return Preflight(sources, index_url)

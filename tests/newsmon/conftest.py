"""A store seeded by the real stages against a small demo web, shared by the command tests."""

from __future__ import annotations

import pytest

from newsmon.core.settings import resolve_settings
from newsmon.core.stages import run_stage
from newsmon.demo import DemoWeb, write_sources_yaml


def seed(tmp_path, store_url: str, names=("daily-planet", "river-times", "coast-gazette")):
    """Crawl, extract and dedupe part of the demo web into `store_url`; returns settings."""
    with DemoWeb(names=names) as web:
        config = write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        settings = resolve_settings(config=config, store=store_url,
                                    data_dir=tmp_path / "files", workers=1)
        figures = {stage: run_stage(stage, settings, "2026-11-25").to_dict()
                   for stage in ("crawl", "extract", "dedupe")}
    return settings, figures


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seeded")
    settings, figures = seed(tmp, f"sqlite:///{tmp / 'store' / 'newsmon.db'}")
    return settings, figures

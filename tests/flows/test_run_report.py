"""The run report: built from a seeded store, and published as an artifact by the daily flow."""

from __future__ import annotations

import asyncio

import yaml
from prefect.testing.utilities import prefect_test_harness

from flows import daily
from flows.daily_pipeline import REPORT_KEY
from newsmon.core.run_report import md, run_report
from newsmon.core.stages import StageResult
from newsmon.demo import DemoWeb, write_sources_yaml
from tests.newsmon.conftest import seed


def test_report_from_a_seeded_store(tmp_path):
    settings, figures = seed(tmp_path, f"sqlite:///{tmp_path / 'store' / 'newsmon.db'}")
    report = run_report(settings, "2026-11-25", *_results(figures))
    crawl, dedupe = figures["crawl"], figures["dedupe"]
    assert report.startswith("# newsmon daily run 2026-11-25\n")
    assert f"| crawl | requests {crawl['requests']}, pages {crawl['pages']}, " in report
    assert f"| dedupe | new articles {dedupe['new_articles']}, joined {dedupe['joined']}, " \
        f"new clusters {dedupe['new_clusters']}, merged {dedupe['merged']} |" in report
    assert f"## New clusters: {dedupe['new_clusters']} (" in report
    assert "## Grown clusters: 0" in report and "## Biggest clusters" in report
    assert f"## Merged clusters: {dedupe['merged']}" in report
    for name in crawl["per_source"]:
        assert f"| {md(name)} | {crawl['per_source'][name]['requests']} |" in report
    assert "Sources with zero articles: none." in report


def _results(figures: dict) -> list[StageResult]:
    return [StageResult.from_dict(s, figures[s]) for s in ("crawl", "extract", "dedupe")]


def test_untrusted_titles_cannot_inject_markdown():
    assert md("<script>x</script> | [a](javascript:b)\n*b*") == \
        r"&lt;script\>x&lt;/script\> \| \[a\](javascript:b) \*b\*"


async def _artifacts(flow_run_id):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async with get_client() as client:
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[REPORT_KEY])))
    return [a for a in found if a.flow_run_id == flow_run_id]


def test_each_daily_run_publishes_its_report(tmp_path):
    with DemoWeb(names=["daily-planet", "metro-herald"]) as web:
        config = write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        # A source whose homepage is missing: a 4xx and a source with zero articles.
        broken = f"{web.sites[0].base_url.rstrip('/')}/no-such-site/"
        spec = yaml.safe_load(config.read_text())
        spec["sources"].append({"name": "gone-gazette", "url": broken})
        config.write_text(yaml.safe_dump(spec))
        with prefect_test_harness(server_startup_timeout=120):
            state = daily(config_path=str(config), store_url=f"sqlite:///{tmp_path / 'n.db'}",
                          data_dir=str(tmp_path / "files"), run_date="2026-11-25",
                          return_state=True)
            result = state.result()
            artifacts = asyncio.run(_artifacts(state.state_details.flow_run_id))
    assert len(artifacts) == 1 and artifacts[0].type == "markdown"
    assert str(artifacts[0].id) == result["report_artifact"]
    report = artifacts[0].data
    assert report.startswith("# newsmon daily run 2026-11-25")
    assert f"new clusters {result['dedupe']['new_clusters']}" in report
    gone = next(line for line in report.splitlines() if line.startswith("| gone-gazette |"))
    cells = [c.strip() for c in gone.strip("|").split("|")]
    assert int(cells[4]) >= 1 and cells[-1] in ("FAILED", "no articles")  # 4xx counted
    assert "Sources with zero articles: gone-gazette." in report


def test_report_names_clusters_that_grew_on_a_later_run(tmp_path):
    store_url = f"sqlite:///{tmp_path / 'store' / 'newsmon.db'}"
    (tmp_path / "day1").mkdir()
    (tmp_path / "day2").mkdir()
    seed(tmp_path / "day1", store_url, names=("daily-planet",))
    # A later day brings other outlets' copies of daily-planet's wire stories.
    settings, figures = seed(tmp_path / "day2", store_url, names=("metro-herald", "coast-gazette"))
    report = run_report(settings, "2026-11-26", *_results(figures))
    grown = report.split("## Grown clusters: ")[1]
    count = int(grown.split()[0])
    assert count >= 2  # port-strike and rate-decision ran on daily-planet first
    assert "Dock workers" in grown.split("##")[0] or "interest rates" in grown.split("##")[0]


def test_a_second_run_the_same_day_lists_no_healthy_source_as_silent(tmp_path):
    """Every page unchanged (304s, known articles skipped) is a healthy source, not one
    'with zero articles'; a source that really has none still is."""
    from newsmon.core.settings import resolve_settings
    from newsmon.core.stages import run_stage

    with DemoWeb(names=["daily-planet", "metro-herald"]) as web:
        config = write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        spec = yaml.safe_load(config.read_text())
        spec["sources"].append({"name": "gone-gazette",
                                "url": f"{web.sites[0].base_url.rstrip('/')}/no-such-site/"})
        config.write_text(yaml.safe_dump(spec))
        settings = resolve_settings(config=config, store=f"sqlite:///{tmp_path / 'n.db'}",
                                    data_dir=tmp_path / "files", workers=1)
        for _ in range(2):
            results = [run_stage(s, settings, "2026-11-25") for s in ("crawl", "extract",
                                                                       "dedupe")]
    second = results[0].summary.per_source
    assert second["daily-planet"].new_articles == 0 and second["daily-planet"].not_modified > 0
    report = run_report(settings, "2026-11-25", *results)
    assert "Sources with zero articles: gone-gazette." in report
    for name in ("daily-planet", "metro-herald"):
        row = next(line for line in report.splitlines() if line.startswith(f"| {name} |"))
        assert row.endswith("| ok |"), row

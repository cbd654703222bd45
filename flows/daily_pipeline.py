"""The daily flow: crawl -> extract -> dedupe -> report, each a task that hands over ids and
counts; the report is published as a Prefect markdown artifact.

The flow holds the store's run lock from start to end, so two flow runs on one store never
interleave (the second refuses with one line). With `shards` > 1 crawl and extract run over
shards (shard_pipeline.py): as mapped tasks here, or, with `shard_deployment`, as flow runs
that the work pool's workers pick up.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import date

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from newsmon.core.health import source_problems
from newsmon.core.preflight import preflight
from newsmon.core.run_report import run_report
from newsmon.core.settings import Settings, open_settings_store, resolve_settings
from newsmon.core.stages import StageResult, merge_results, run_stage
from storage.locks import exclusive_run

from .failures import one_line_failure, transient_only
from .shard_pipeline import over_shards
from .streaming import streamed


def _settings(config_path: str | None, store_url: str | None, data_dir: str | None,
              index_url: str | None = None) -> Settings:
    return resolve_settings(config=config_path, store=store_url, data_dir=data_dir,
                            index_url=index_url)


@task(name="crawl", retries=2, retry_delay_seconds=[10, 60], retry_condition_fn=transient_only)
def crawl_task(config_path: str | None, store_url: str | None, data_dir: str | None,
               run_date: str, deadline: float | None = None) -> StageResult:
    settings = dataclasses.replace(_settings(config_path, store_url, data_dir),
                                   deadline=deadline)
    return run_stage("crawl", settings, run_date)


@task(name="extract", retries=1, retry_delay_seconds=10, retry_condition_fn=transient_only)
def extract_task(config_path: str | None, store_url: str | None, data_dir: str | None,
                 run_date: str, crawled: StageResult | None,
                 sources: list[str] | None = None) -> StageResult:
    settings = _settings(config_path, store_url, data_dir)
    if sources:
        settings = dataclasses.replace(settings, extract_sources=tuple(sources))
    return run_stage("extract", settings, run_date)


@task(name="dedupe")
def dedupe_task(config_path: str | None, store_url: str | None, data_dir: str | None,
                run_date: str, extracted: StageResult, index_url: str | None = None
                ) -> StageResult:
    return run_stage("dedupe", _settings(config_path, store_url, data_dir, index_url), run_date)


# One key for every run: Prefect keeps each run's report as a version of the same artifact.
REPORT_KEY = "newsmon-daily-report"


@task(name="report")
def report_task(config_path: str | None, store_url: str | None, data_dir: str | None,
                run_date: str, crawled: StageResult, extracted: StageResult,
                clustered: StageResult) -> str:
    """Publish the run report; returns the artifact's id."""
    markdown = run_report(_settings(config_path, store_url, data_dir), run_date, crawled,
                          extracted, clustered)
    artifact_id = create_markdown_artifact(key=REPORT_KEY, markdown=markdown,
                                           description=f"newsmon daily run {run_date}")
    return str(artifact_id)


@flow(name="newsmon-daily", log_prints=False)
def daily(config_path: str | None = None, store_url: str | None = None,
          data_dir: str | None = None, run_date: str | None = None, shards: int = 1,
          index_url: str | None = None, shard_deployment: str | None = None,
          max_duration: float | None = None) -> dict:
    """Run the day's pipeline once; each stage picks up whatever an earlier run left pending.

    `shards`: crawl and extract in that many pieces; `shard_deployment` (e.g.
    "newsmon-shard/shard"): run the pieces as flow runs of that deployment on the work pool;
    `index_url`: the shared LSH index (redis://...); `max_duration`: seconds the whole run
    may take (the crawl stops early enough for extract and dedupe to finish in time).
    """
    run_date = run_date or date.today().isoformat()
    deadline = crawl_deadline(time.time(), max_duration) if max_duration else None
    try:
        return _locked_run(config_path, store_url, data_dir, run_date, max(shards, 1),
                           index_url, shard_deployment, deadline)
    except Exception as exc:
        failed = one_line_failure(exc)  # a bad sources file: one line, not a traceback
        if failed is None:
            raise
        get_run_logger().error("%s", failed.message)
        return failed  # type: ignore[return-value]


def crawl_deadline(started: float, max_duration: float) -> float:
    """When the crawl of a run given `max_duration` seconds must stop: extract, dedupe and
    the crawl's own clean stop get the rest: 15% of the budget, at least a minute, at most
    half (they take far less than the crawl at the default politeness)."""
    return started + max_duration - min(max(60.0, 0.15 * max_duration), 0.5 * max_duration)


def _locked_run(config_path, store_url, data_dir, run_date, shards, index_url,
                deployment, deadline=None) -> dict:
    settings = _settings(config_path, store_url, data_dir, index_url)
    store = open_settings_store(settings)
    try:
        # Re-entrant in this process: the stage tasks (threads here) take it again.
        with exclusive_run(store, "daily flow"):
            preflight(settings)  # a bad sources file fails the flow run at once, no retries
            return _stages(config_path, settings.store_url, data_dir, run_date, shards,
                           index_url, deployment, deadline)
    finally:
        store.close()


def _stages(config_path, store_url, data_dir, run_date, shards, index_url, deployment,
            deadline=None) -> dict:
    logger = get_run_logger()
    args = dict(config_path=config_path, store_url=store_url, data_dir=data_dir,
                run_date=run_date)
    if shards == 1 and not deployment:
        crawled, early_extract, early_dedupe = streamed(
            (crawl_task, extract_task, dedupe_task), args, deadline, index_url)
    else:
        crawled = over_shards("crawl", {**args, "deadline": deadline}, shards, deployment)
        early_extract, early_dedupe = [], []
    logger.info("crawl: %s", _brief(crawled))
    for line in source_problems(crawled.summary):
        logger.warning("%s", line)  # a scheduled run's log says what a `newsmon run` prints
    if shards == 1 and not deployment:
        rest = extract_task(config_path, store_url, data_dir, run_date, crawled)
    else:
        rest = over_shards("extract", args, shards, deployment)
    extracted = merge_results("extract", [*early_extract, rest])
    logger.info("extract: %s", _brief(extracted))
    clustered = merge_results("dedupe", [*early_dedupe, dedupe_task(
        config_path, store_url, data_dir, run_date, rest, index_url)])
    logger.info("dedupe: %s", _brief(clustered))
    report = report_task(config_path, store_url, data_dir, run_date, crawled, extracted,
                         clustered)
    return {"run_date": run_date, "crawl": crawled.to_dict(), "extract": extracted.to_dict(),
            "dedupe": clustered.to_dict(), "report_artifact": report}


def _brief(result: StageResult) -> str:
    return ", ".join(f"{k}={v}" for k, v in result.to_dict().items()
                     if isinstance(v, (int, float)))

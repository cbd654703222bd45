"""The daily flow: crawl -> extract -> dedupe -> report, each a task that hands over ids and
counts; the report is published as a Prefect markdown artifact."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from newsmon.run_report import run_report
from newsmon.settings import Settings, resolve_settings
from newsmon.stages import crawl_stage, dedupe_stage, extract_stage


def _settings(config_path: str | None, store_url: str | None, data_dir: str | None) -> Settings:
    return resolve_settings(config=config_path, store=store_url, data_dir=data_dir)


@task(name="crawl", retries=2, retry_delay_seconds=[10, 60])
def crawl_task(config_path: str | None, store_url: str | None, data_dir: str | None,
               run_date: str) -> dict:
    return crawl_stage(_settings(config_path, store_url, data_dir), run_date)


@task(name="extract", retries=1, retry_delay_seconds=10)
def extract_task(config_path: str | None, store_url: str | None, data_dir: str | None,
                 run_date: str, crawled: dict) -> dict:
    return extract_stage(_settings(config_path, store_url, data_dir), run_date=run_date)


@task(name="dedupe")
def dedupe_task(config_path: str | None, store_url: str | None, data_dir: str | None,
                run_date: str, extracted: dict) -> dict:
    return dedupe_stage(_settings(config_path, store_url, data_dir), run_date)


# One key for every run: Prefect keeps each run's report as a version of the same artifact.
REPORT_KEY = "newsmon-daily-report"


@task(name="report")
def report_task(config_path: str | None, store_url: str | None, data_dir: str | None,
                run_date: str, crawled: dict, extracted: dict, clustered: dict) -> str:
    """Publish the run report; returns the artifact's id."""
    markdown = run_report(_settings(config_path, store_url, data_dir), run_date, crawled,
                          extracted, clustered)
    artifact_id = create_markdown_artifact(key=REPORT_KEY, markdown=markdown,
                                           description=f"newsmon daily run {run_date}")
    return str(artifact_id)


@flow(name="newsmon-daily", log_prints=False)
def daily(config_path: str | None = None, store_url: str | None = None,
          data_dir: str | None = None, run_date: str | None = None) -> dict:
    """Run the day's pipeline once; each stage picks up whatever an earlier run left pending."""
    run_date = run_date or date.today().isoformat()
    logger = get_run_logger()
    crawled = crawl_task(config_path, store_url, data_dir, run_date)
    logger.info("crawl: %s", _brief(crawled))
    extracted = extract_task(config_path, store_url, data_dir, run_date, crawled)
    logger.info("extract: %s", _brief(extracted))
    clustered = dedupe_task(config_path, store_url, data_dir, run_date, extracted)
    logger.info("dedupe: %s", _brief(clustered))
    report = report_task(config_path, store_url, data_dir, run_date, crawled, extracted,
                         clustered)
    return {"run_date": run_date, "crawl": crawled, "extract": extracted, "dedupe": clustered,
            "report_artifact": report}


def _brief(figures: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in figures.items() if isinstance(v, (int, float)))

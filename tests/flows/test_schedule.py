"""`newsmon schedule` as a user runs it: a private Prefect server on loopback, the daily
flow served on prefect.yaml's cron with absolute paths, a run of the served deployment that
publishes its report, a bad sources file failing a run at once in one line, Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from flows.daily_pipeline import REPORT_KEY
from newsmon.core.scheduling import daily_schedule
from newsmon.demo import DemoWeb, write_sources_yaml

pytestmark = pytest.mark.slow
API_LINE = re.compile(r"PREFECT_API_URL=(http://127\.0\.0\.1:\d+/api) prefect deployment run")


def _start(cwd: Path) -> tuple[subprocess.Popen, Path]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(cwd / "home"), DO_NOT_TRACK="1",
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    log = cwd / "schedule.err"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "newsmon", "schedule", "--config",
                                 "sources.yaml", "--store", "sqlite:///./data/newsmon.db"],
                                cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
    return proc, log


def _api(proc: subprocess.Popen, log: Path, timeout: float = 240) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = API_LINE.search(log.read_text(errors="replace"))
        if found:
            return found.group(1)
        assert proc.poll() is None, log.read_text()[-3000:]
        time.sleep(0.5)
    raise AssertionError("newsmon schedule did not start:\n" + log.read_text()[-3000:])


async def _deployment_and_runs(bad_config: str) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterKey,
        FlowRunFilter,
        FlowRunFilterId,
    )
    from prefect.deployments import run_deployment

    from prefect.exceptions import ObjectNotFound

    async with get_client() as client:
        deadline = time.monotonic() + 120
        while True:  # `serve` registers the deployment a moment after the line is printed
            try:
                deployment = await client.read_deployment_by_name("newsmon-daily/daily")
                break
            except ObjectNotFound:
                assert time.monotonic() < deadline, "the deployment never appeared"
                await asyncio.sleep(0.5)
        good = await run_deployment("newsmon-daily/daily", timeout=600)
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[REPORT_KEY])))
        bad = await run_deployment("newsmon-daily/daily", timeout=300,
                                   parameters={"config_path": bad_config})
        tasks = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[bad.id])))
    return {"deployment": deployment, "good": good, "bad": bad, "bad_tasks": tasks,
            "reports": [a for a in artifacts if a.flow_run_id == good.id]}


def test_schedule_serves_the_daily_flow_on_a_private_server(tmp_path):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - name: a\n    url: https://a.example/\n    colour: red\n")
    with DemoWeb(names=["daily-planet", "metro-herald"]) as web:
        write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        proc, log = _start(tmp_path)
        try:
            api = _api(proc, log)
            with temporary_settings(updates={PREFECT_API_URL: api}):
                got = asyncio.run(_deployment_and_runs(str(bad)))
        finally:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the schedule stops, then its server
            try:
                code = proc.wait(timeout=90)
            except subprocess.TimeoutExpired:  # leave nothing running for the next tests
                os.killpg(proc.pid, signal.SIGKILL)
                raise AssertionError("the schedule did not stop on Ctrl-C:\n"
                                     + log.read_text(errors="replace")[-4000:]) from None
    deployment = got["deployment"]
    expected = daily_schedule()
    assert [s.schedule.cron for s in deployment.schedules] == [expected.cron]
    assert deployment.schedules[0].schedule.timezone == expected.timezone == "UTC"
    assert deployment.parameters == {  # resolved against the directory it started in
        "config_path": str(tmp_path / "sources.yaml"),
        "store_url": f"sqlite:///{tmp_path / 'data' / 'newsmon.db'}"}
    assert got["good"].state.is_completed(), got["good"].state
    assert len(got["reports"]) == 1
    report = got["reports"][0].data
    assert report.startswith("# newsmon daily run ") and "## Source health" in report
    assert "| daily-planet |" in report and "Sources with zero articles: none." in report
    failed = got["bad"].state
    assert failed.is_failed() and "\n" not in failed.message
    assert failed.message == f"{bad}:4: sources[0].colour: unknown key (known keys: name, " \
                             "url, feeds, sitemaps, max_pages)"
    assert got["bad_tasks"] == []  # refused before any task: nothing crawled, nothing retried
    assert code == 0 and "newsmon: schedule stopped" in log.read_text()
    with pytest.raises(OSError):  # the private server stopped with it
        urllib.request.urlopen(f"{api}/health", timeout=3)

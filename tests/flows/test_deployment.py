"""prefect.yaml: the daily deployment exists, is scheduled, and its entrypoint is the flow."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _daily():
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    return next(d for d in spec["deployments"] if d["name"] == "daily")


def test_daily_deployment_has_a_valid_cron_schedule():
    from prefect.client.schemas.schedules import CronSchedule

    schedules = _daily()["schedules"]
    assert len(schedules) == 1
    cron = CronSchedule(cron=schedules[0]["cron"], timezone=schedules[0]["timezone"])
    assert cron.cron == "15 5 * * *"


def test_entrypoint_resolves_to_the_daily_flow(monkeypatch):
    from prefect.flows import Flow, load_flow_from_entrypoint

    monkeypatch.chdir(ROOT)
    flow = load_flow_from_entrypoint(_daily()["entrypoint"])
    import flows

    assert isinstance(flow, Flow)
    assert flow.name == "newsmon-daily"
    # Prefect loads the entrypoint file as its own module: compare where the code lives.
    loaded, ours = flow.fn.__code__, flows.daily.fn.__code__
    assert (Path(loaded.co_filename).resolve(), loaded.co_firstlineno) == \
        (Path(ours.co_filename).resolve(), ours.co_firstlineno)
    assert set(flow.parameters.properties) == {"config_path", "store_url", "data_dir", "run_date",
                                               "shards", "index_url", "shard_deployment",
                                               "max_duration"}


def test_deployment_turns_telemetry_off():
    env = _daily()["work_pool"]["job_variables"]["env"]
    assert env["DO_NOT_TRACK"] == "1"
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


def test_pool_deployments_dispatch_shards_to_the_same_pool(monkeypatch):
    from prefect.flows import load_flow_from_entrypoint

    spec = {d["name"]: d for d in yaml.safe_load((ROOT / "prefect.yaml").read_text())
            ["deployments"]}
    pool, shard = spec["daily-pool"], spec["shard"]
    monkeypatch.chdir(ROOT)
    shard_flow = load_flow_from_entrypoint(shard["entrypoint"])
    assert shard_flow.name == "newsmon-shard"
    # run_deployment names a deployment "<flow name>/<deployment name>".
    assert pool["parameters"]["shard_deployment"] == f"{shard_flow.name}/{shard['name']}"
    assert pool["parameters"]["shards"] >= 2
    assert pool["entrypoint"] == _daily()["entrypoint"]
    assert pool["work_pool"]["name"] == shard["work_pool"]["name"] == \
        _daily()["work_pool"]["name"]
    assert not pool["schedules"][0]["active"]  # never both daily runs on one schedule
    assert shard["work_pool"]["job_variables"]["env"]["DO_NOT_TRACK"] == "1"

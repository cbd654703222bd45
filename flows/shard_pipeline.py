"""Crawl and extract over shards: mapped tasks in the flow's own process, or flow runs of
the `shard` deployment that the work pool's workers pick up.

Shard i of n crawls every n-th source (by name) and extracts the pages whose id is i modulo
n. Every crawl shard finishes before any extract shard starts: an extract shard takes pages
of any source, so it must not run while another shard is still fetching them.
"""

from __future__ import annotations

import dataclasses

from typing import Any

from prefect import flow, task, unmapped

from newsmon.core.settings import Settings, resolve_settings
from newsmon.core.stages import StageResult, merge_results, run_stage

from .failures import transient_only

STAGES = ("crawl", "extract")
# How long the daily flow waits for one dispatched shard: a day's crawl of a big shard.
SHARD_TIMEOUT = 6 * 3600


def shard_settings(config_path: str | None, store_url: str | None, data_dir: str | None,
                   shard: int | None = None, shards: int = 1,
                   index_url: str | None = None) -> Settings:
    # A dispatched piece is always a shard, even the one piece of shards=1: the flow that
    # dispatched it holds the store's run lock, so it must take only its shard lock.
    piece = (shard, max(shards, 1)) if shard is not None else None
    return resolve_settings(config=config_path, store=store_url, data_dir=data_dir,
                            index_url=index_url, shard=piece)


def run_shard_stage(stage: str, args: dict, shard: int, shards: int) -> StageResult:
    """One stage over one shard, in this process."""
    if stage not in STAGES:
        raise ValueError(f"unknown shard stage {stage!r}; expected one of {STAGES}")
    settings = shard_settings(args["config_path"], args["store_url"], args["data_dir"],
                              shard, shards)
    if args.get("deadline") and stage == "crawl":
        settings = dataclasses.replace(settings, deadline=args["deadline"])
    return run_stage(stage, settings, args["run_date"])


@task(name="crawl-shard", retries=2, retry_delay_seconds=[10, 60],
      retry_condition_fn=transient_only)
def crawl_shard(args: dict, shard: int, shards: int) -> StageResult:
    return run_shard_stage("crawl", args, shard, shards)


@task(name="extract-shard", retries=1, retry_delay_seconds=10,
      retry_condition_fn=transient_only)
def extract_shard(args: dict, shard: int, shards: int) -> StageResult:
    return run_shard_stage("extract", args, shard, shards)


@task(name="dispatch-shard", retries=1, retry_delay_seconds=10,
      retry_condition_fn=transient_only)
def dispatch_shard(deployment: str, stage: str, args: dict, shard: int,
                   shards: int) -> StageResult:
    """Run one shard as a flow run of `deployment` on the work pool and wait for it."""
    from prefect.deployments import run_deployment

    run: Any = run_deployment(name=deployment, timeout=SHARD_TIMEOUT, parameters={
        **args, "stage": stage, "shard": shard, "shards": shards})
    if run.state is None or not run.state.is_completed():
        state = run.state.name if run.state else "no state"
        raise RuntimeError(f"{stage} shard {shard}/{shards} ended {state} "
                           f"(flow run {run.id})")
    return StageResult.from_dict(stage, _result(run.state))


def _result(state) -> dict:
    """The shard's figures when its result can be read here (persisted results on storage
    this process can see); otherwise none: the store still holds every run's figures."""
    try:
        value = state.result()
    except Exception:  # noqa: BLE001 - figures are for the report, never for correctness
        return {}
    return value if isinstance(value, dict) else {}


def over_shards(stage: str, args: dict, shards: int, deployment: str | None) -> StageResult:
    """Run `stage` over every shard and wait for all of them; the results joined."""
    if deployment:
        futures = dispatch_shard.map(unmapped(deployment), stage, unmapped(args),
                                     list(range(shards)), unmapped(shards))
    else:
        mapped = crawl_shard if stage == "crawl" else extract_shard
        futures = mapped.map(unmapped(args), list(range(shards)), unmapped(shards))
    return merge_results(stage, futures.result())


@flow(name="newsmon-shard", persist_result=True)
def shard_flow(stage: str, shard: int, shards: int, config_path: str | None = None,
               store_url: str | None = None, data_dir: str | None = None,
               run_date: str | None = None, deadline: float | None = None) -> dict:
    """One stage (crawl or extract) over one shard; the daily flow dispatches these.
    Returns JSON: the result crosses to another process."""
    args = dict(config_path=config_path, store_url=store_url, data_dir=data_dir,
                run_date=run_date, deadline=deadline)
    return run_shard_stage(stage, args, shard, shards).to_dict()

"""Retries only for what a retry can fix; `newsmon schedule`'s own errors in one line."""

from __future__ import annotations

import os
import subprocess
import sys

from prefect.states import Failed

from flows.daily_pipeline import crawl_task, extract_task
from flows.failures import one_line_failure, transient_only
from flows.shard_pipeline import crawl_shard, dispatch_shard, extract_shard
from newsmon.core.sources import ConfigError
from storage import StoreUnavailable


def test_configuration_errors_are_not_retried_transient_ones_are():
    config = ConfigError(["sources.yaml:3: sources[0].url: must be an http(s) URL"])
    assert transient_only(None, None, Failed(data=config)) is False
    assert transient_only(None, None, Failed(data=StoreUnavailable("cannot open store")))
    assert transient_only(None, None, Failed(data=RuntimeError("connection reset")))
    for task in (crawl_task, extract_task, crawl_shard, extract_shard, dispatch_shard):
        assert task.retry_condition_fn is transient_only and task.retries >= 1, task.name


def test_a_user_error_ends_a_flow_run_in_one_line_a_bug_keeps_its_traceback():
    config = ConfigError(["a.yaml:3: sources[0].url: must be an http(s) URL",
                          "a.yaml:5: crawl.obey_robot: unknown key; did you mean obey_robots?"])
    state = one_line_failure(config)
    assert state.is_failed() and state.data is config
    assert state.message == ("a.yaml:3: sources[0].url: must be an http(s) URL; a.yaml:5: "
                             "crawl.obey_robot: unknown key; did you mean obey_robots?")
    assert one_line_failure(KeyError("bug")) is None


def test_schedule_refuses_a_bad_cron_and_an_unreachable_server(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: https://a.example/\n")
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    store = f"sqlite:///{tmp_path / 'n.db'}"
    for args, code, message in (
            (["--cron", "every day"], 2, "newsmon: --cron 'every day' is not a cron expression"),
            ([], 1, "newsmon: the Prefect server at http://127.0.0.1:9/api ($PREFECT_API_URL) "
                    "does not answer")):
        result = subprocess.run([sys.executable, "-m", "newsmon", "schedule", "--config",
                                 str(config), "--store", store, *args], capture_output=True,
                                text=True, env=env, timeout=120)
        assert result.returncode == code, result.stderr
        assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1

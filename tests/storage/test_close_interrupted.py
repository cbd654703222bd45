"""Crawl recovery's first step: which earlier runs of a stage did not finish `done`.

A killed run leaves `running` (closed here as `interrupted`), a run stopped by a signal
leaves `interrupted`, a crawler that failed leaves `failed`: what each stored may be
partial, so the earliest start among them since the last `done` run is where the next run
must not trust its validators."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

import storage
from storage.schema import runs

T0 = datetime(2026, 11, 25, 5, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    opened = storage.open_store(f"sqlite:///{tmp_path / 'n.db'}")
    yield opened
    opened.close()


def _runs(store, *statuses: str) -> list[int]:
    with store.begin() as conn:
        return [conn.execute(runs.insert().values(
            stage="crawl", run_date="2026-11-25", status=status,
            started_at=T0 + timedelta(hours=n))).inserted_primary_key[0]
            for n, status in enumerate(statuses)]


@pytest.mark.parametrize("left", ["running", "interrupted", "failed"])
def test_a_run_that_did_not_finish_done_is_where_recovery_starts(store, left):
    ids = _runs(store, "done", left, "done", left, left, "running")  # the last: ours
    with store.begin() as conn:
        since = storage.close_interrupted(conn, "crawl", None, ids[-1])
        statuses = [r.status for r in conn.execute(select(runs.c.status).order_by(runs.c.id))]
    assert since == T0 + timedelta(hours=3)  # the first one after the last `done`
    closed = "interrupted" if left == "running" else left
    assert statuses == ["done", closed, "done", closed, closed, "running"]


def test_nothing_to_recover_after_a_done_run(store):
    ids = _runs(store, "failed", "interrupted", "done", "running")
    with store.begin() as conn:
        assert storage.close_interrupted(conn, "crawl", None, ids[-1]) is None

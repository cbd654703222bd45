"""How the flows fail: retries only for what a retry can fix, user errors in one line.

A user error (newsmon.core.errors: an exception with an `exit_code`) of exit code 2 is a bad
sources file or option: retrying cannot help, so a task fails at once. Any user error ends
the flow run Failed with its own one-line message instead of a traceback.
"""

from __future__ import annotations

from typing import Any

from newsmon.core.errors import user_error

_NOT_RETRIED = 2  # bad usage or configuration


def transient_only(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect's retry_condition_fn: retry unless the task failed on a configuration error."""
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        try:
            exc = state.result(raise_on_failure=False)
        except Exception:  # noqa: BLE001 - an unreadable result: retry as Prefect would
            return True
    return not (isinstance(exc, BaseException) and getattr(exc, "exit_code", None) == _NOT_RETRIED)


def one_line_failure(exc: BaseException):
    """A Failed state saying what went wrong in one line, for a user error; None for a bug
    (let Prefect keep the traceback). Calling the flow directly still raises `exc`."""
    shown = user_error(exc)
    if shown is None:
        return None
    from prefect.states import Failed

    _, lines = shown
    return Failed(message="; ".join(lines), data=exc)

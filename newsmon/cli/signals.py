"""Ctrl-C and SIGTERM for the stage commands: the first stops the run cleanly, a second
exits at once.

The first signal raises `Interrupted` in the main thread, where the stages run (the flow
too: `newsmon run` calls it in-process). Each layer then does its part on the way out: the
crawl process is asked to close (every source keeps its frontier), the stage's `runs` row
is closed as "interrupted" (so the next crawl re-fetches in full what it stored), the run
lock is released and Prefect's temporary server is stopped at exit. A second signal kills
the crawl processes and the temporary server and exits with the same code.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_NAMES: dict[int, str] = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}


class Interrupted(KeyboardInterrupt):
    """A stop asked for by a signal; its exit code is the shell's 128 + signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(_NAMES.get(signum, f"signal {signum}"))
        self.signum = signum
        self.exit_code = 128 + signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Install the handlers for the block (also where the shell left SIGINT ignored, as it
    does for background jobs: a service manager's stop must work there too)."""
    received: list[int] = []

    def handler(signum: int, _frame) -> None:
        received.append(signum)
        if len(received) == 1:
            _say(f"newsmon: {_NAMES.get(signum, signum)} received: stopping cleanly (again to "
                 "exit at once); what is stored is kept and the next run completes it")
            raise Interrupted(signum)
        _say("newsmon: stopping at once")
        _exit_now(128 + signum)

    previous = {s: signal.signal(s, handler) for s in _NAMES}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def stoppable(func):
    """A command run under `stop_on_signals` (put it under `guarded`, which says how the
    run ended)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with stop_on_signals():
            return func(*args, **kwargs)
    return wrapper


def _say(line: str) -> None:
    # Not the console: a signal handler may interrupt a write to the same stream.
    try:
        os.write(2, (line + "\n").encode())
    except OSError:
        pass


def _exit_now(code: int) -> None:
    """Kill what this process started that would outlive it, then exit without cleanup."""
    try:
        from crawlers.runner import kill_running

        kill_running()
    except Exception:  # noqa: BLE001 - exiting matters more
        pass
    server = sys.modules.get("prefect.server.api.server")
    for instance in list(getattr(getattr(server, "SubprocessASGIServer", None),
                                 "_instances", {}).values()):
        process = getattr(instance, "server_process", None)
        if process is not None and process.poll() is None:
            process.kill()
    os._exit(code)

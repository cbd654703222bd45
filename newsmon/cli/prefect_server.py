"""The Prefect server `newsmon schedule` talks to: $PREFECT_API_URL's, else a private one.

Prefect's temporary server (what `newsmon run` uses) runs no scheduler, so a schedule needs
a real server. Without $PREFECT_API_URL newsmon starts one on 127.0.0.1 with its database
under the store's data directory (deployment, run history and reports survive a restart)
and stops it when the schedule stops.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STARTUP_SECONDS = 180  # a first start migrates Prefect's database; a busy machine is slow


class PrefectUnavailable(Exception):
    exit_code = 1


@contextmanager
def prefect_api(home: Path, say) -> Iterator[str]:
    """Yield the API URL to use; the private server (if one was started) stops afterwards."""
    given = os.environ.get("PREFECT_API_URL")
    if given:
        if not _healthy(given):
            raise PrefectUnavailable(f"the Prefect server at {given} ($PREFECT_API_URL) does "
                                     "not answer; start it, or unset PREFECT_API_URL and "
                                     "newsmon starts its own")
        yield given
        return
    home.mkdir(parents=True, exist_ok=True)
    log = home / "server.log"
    server, api = _start_private(home, log, say)
    try:
        os.environ["PREFECT_API_URL"] = api  # for this process and the flow runs it starts
        yield api
    finally:
        _drain_prefect_workers()
        os.environ.pop("PREFECT_API_URL", None)
        _stop(server)


def _start_private(home: Path, log: Path, say) -> tuple[subprocess.Popen, str]:
    """A private server on a free port, answering; another port when the one found free
    was taken before the server could bind it."""
    for _attempt in range(3):
        port = _free_port()
        api = f"http://127.0.0.1:{port}/api"
        say(f"newsmon: starting a private Prefect server on 127.0.0.1:{port} (database and "
            f"log in {home})")
        start = log.stat().st_size if log.exists() else 0
        with open(log, "ab") as out:
            # Its own session: Ctrl-C stops the schedule first, which then stops the server.
            server = subprocess.Popen(
                [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "PREFECT_HOME": str(home)}, start_new_session=True)
        try:
            _wait(api, server, log)
            return server, api
        except PrefectUnavailable:
            _stop(server)
            if not _port_was_taken(log, start):
                raise
    raise PrefectUnavailable(f"the private Prefect server found no free port in three "
                             f"tries; see {log}")


def _port_was_taken(log: Path, start: int) -> bool:
    with open(log, "rb") as written:
        written.seek(start)
        return b"already in use" in written.read()


def _drain_prefect_workers(timeout: float = 20.0) -> None:
    """Flush Prefect's log and event workers while the private server still answers: left
    to exit, they retry a stopped server for over a minute."""
    for module, name in (("prefect.logging.handlers", "APILogWorker"),
                         ("prefect.events.worker", "EventsWorker")):
        worker = getattr(sys.modules.get(module), name, None)
        if worker is None:
            continue
        try:
            worker.drain_all(timeout=timeout)
        except Exception:  # noqa: BLE001 - stopping the server matters more
            pass


def _wait(api: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PrefectUnavailable(f"the private Prefect server exited (code "
                                     f"{server.returncode}); see {log}")
        if _healthy(api):
            return
        time.sleep(0.5)
    raise PrefectUnavailable(f"the private Prefect server did not answer within "
                             f"{STARTUP_SECONDS} s; see {log}")


def _healthy(api: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api.rstrip('/')}/health", timeout=3) as response:
            return response.status == 200
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


@contextmanager
def temporary_server() -> Iterator[None]:
    """Prefect's temporary server for `newsmon run`/`demo` (none when $PREFECT_API_URL names
    one), started here in its own session: Ctrl-C and a service manager's SIGTERM go to the
    whole process group, and a server that died first would leave the stopping flow
    retrying its API for minutes. It dies with this process (PR_SET_PDEATHSIG, started from
    the main thread) and stops at exit."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.server.api import server as prefect_server

    class _OwnSession(prefect_server.SubprocessASGIServer):
        def _run_uvicorn_command(self):
            prefect_server.subprocess = _SESSION_SUBPROCESS  # type: ignore[assignment]
            try:
                return super()._run_uvicorn_command()
            finally:
                prefect_server.subprocess = subprocess

    # Prefect's own code asks for SubprocessASGIServer() (the instance of port None): ours.
    server = prefect_server.SubprocessASGIServer._instances.get(None)
    if server is None or not server.running:
        prefect_server.SubprocessASGIServer._instances.pop(None, None)
        server = _OwnSession()
        server.start()
    # Stopped at exit (Prefect registered that when it started): its log and event workers
    # flush to it first; stopped here, they would retry a dead API for a minute.
    yield


class _SessionSubprocess:
    """The subprocess module as Prefect's server module sees it while starting the server."""

    def __getattr__(self, name):
        return getattr(subprocess, name)

    @staticmethod
    def Popen(*args, **kwargs):  # noqa: N802 - subprocess's name
        from crawlers.runner import die_with_parent

        return subprocess.Popen(*args, start_new_session=True, preexec_fn=die_with_parent,
                                **kwargs)


_SESSION_SUBPROCESS = _SessionSubprocess()

"""A private Prefect server and process workers on 127.0.0.1, stopped whatever happens.

Every process gets its own PREFECT_HOME (so nothing touches the user's profile or database),
the server's API URL, and telemetry/analytics off. Each wait is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PREFECT = [sys.executable, "-m", "prefect"]


class PortTaken(Exception):
    """The server could not bind the port chosen for it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrefectStack:
    """`with PrefectStack(tmp) as stack: stack.cli("work-pool", ...); stack.worker("w1")`."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.api = f"http://127.0.0.1:{self.port}/api"
        self.procs: list[subprocess.Popen] = []
        self.logs: dict[str, Path] = {}
        self.env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": self.api,
                    "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                    "PREFECT_UI_ENABLED": "false", "PREFECT_CLI_PROMPT": "false",
                    "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_LOGGING_LEVEL": "INFO"}

    def __enter__(self) -> PrefectStack:
        self.home.mkdir(parents=True, exist_ok=True)
        for attempt in range(3):
            try:
                self._spawn("server", [*PREFECT, "server", "start", "--host", "127.0.0.1",
                                       "--port", str(self.port)])
                self._wait_healthy(timeout=120)
                return self
            except PortTaken:
                # The free port found was taken before the server bound it: another one.
                self.stop()
                self._use_port(free_port())
            except BaseException:
                self.stop()
                raise
        raise RuntimeError(f"prefect server: three free ports were taken before it bound "
                           f"them:\n{self.log('server')[-3000:]}")

    def _use_port(self, port: int) -> None:
        self.port = port
        self.api = f"http://127.0.0.1:{port}/api"
        self.env["PREFECT_API_URL"] = self.api

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def worker(self, name: str, pool: str, limit: int = 1) -> None:
        self._spawn(name, [*PREFECT, "worker", "start", "--pool", pool, "--type", "process",
                           "--name", name, "--limit", str(limit)])

    def cli(self, *args: str, cwd: Path | None = None, timeout: float = 300
            ) -> subprocess.CompletedProcess:
        result = subprocess.run([*PREFECT, *args], cwd=cwd, env=self.env, capture_output=True,
                                text=True, timeout=timeout)
        assert result.returncode == 0, (f"prefect {' '.join(args)} failed:\n"
                                        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM each process group we started, SIGKILL what is left after 15 s."""
        for proc in reversed(self.procs):
            if proc.poll() is None:
                _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=10)
        self.procs = []

    def _spawn(self, name: str, argv: list[str]) -> None:
        path = self.home / f"{name}.log"
        self.logs[name] = path
        if name == "server":  # where this attempt's lines start in the appended log
            self._log_start = len(self.log(name)) if path.exists() else 0
        with open(path, "ab") as out:
            # Own session: stopping the group also stops the flow-run processes a worker
            # started (and their crawlers), never anything else.
            self.procs.append(subprocess.Popen(argv, env=self.env, stdout=out,
                                               stderr=subprocess.STDOUT,
                                               start_new_session=True))

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[0].poll() is not None:
                log = self.log("server")
                if "already in use" in log[self._log_start:]:  # prefect or uvicorn says so
                    raise PortTaken()
                raise RuntimeError(f"prefect server exited:\n{log[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.api}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"prefect server not healthy after {timeout} s:\n"
                           f"{self.log('server')[-3000:]}")


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass

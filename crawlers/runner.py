"""`run_crawl`: one crawl of all sources, in a subprocess, figures read back afterwards."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .config import CrawlJob, CrawlSettings, CrawlSource, write_job
from .progress import progress_path, read_progress
from .summary import CrawlSummary, SourceFigures, summarize

# The repo root, so the child imports this very `crawlers` whatever the caller's cwd.
_ROOT = Path(__file__).resolve().parent.parent
# After the deadline the child stops on its own; past this grace it is interrupted (SIGINT:
# Scrapy closes cleanly and every source keeps its frontier), then killed.
_GRACE = 60.0
# A crawl stopped by a signal to this process gets this long to close cleanly.
_STOP_SECONDS = 20.0
_RUNNING: set[subprocess.Popen] = set()  # crawl processes of this process, now
_STOPPING: dict[str, int | None] = {}  # "signum" once stop_running was called


class CrawlStopped(KeyboardInterrupt):
    """The crawl was stopped because this process is stopping (Ctrl-C, SIGTERM): not a
    failure, so it ends its run as interrupted and is not retried."""

    def __init__(self, signum: int | None = None) -> None:
        super().__init__("the crawl was stopped")
        self.signum = signum


class CrawlError(Exception):
    """The crawl process itself failed (not one source); the message is one line."""

    exit_code = 1


def run_crawl(sources: list[CrawlSource], settings: CrawlSettings, store_url: str,
              data_dir: str | Path, run_date: str, run_id: int, *,
              scrapy_overrides: dict | None = None, deadline: float | None = None,
              progress: Callable[[dict], None] | None = None,
              archive: str | None = None) -> CrawlSummary:
    """Crawl every source once; the child's log goes to `<data_dir>/logs/crawl-<date>-<run>.log`
    and its live per-source progress to `progress_path(...)` beside it. WARC records go
    under `data_dir` too, or to `archive` (a local path or a URL such as s3://bucket/prefix).

    `deadline`: Unix time by which every source must stop (a run budget); sources stop
    cleanly and keep what they did not fetch for the next run. `progress`: called about
    once a second with the latest progress snapshot (see crawlers.progress).

    >>> run_crawl([CrawlSource("daily", "https://example.com/")], CrawlSettings("newsmon/0.1"),
    ...           "sqlite:///data/newsmon.db", "data", "2024-05-01", run_id=7)
    """
    data_dir = Path(data_dir).resolve()
    log_path = crawl_log_path(data_dir, run_date, run_id)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    _clear_dead_jobs()
    with tempfile.TemporaryDirectory(prefix=f"newsmon-crawl-{os.getpid()}-") as tmp:
        job = CrawlJob(sources=tuple(sources), settings=settings, store_url=store_url,
                       data_dir=str(data_dir), run_date=run_date, run_id=run_id,
                       summary_file=str(Path(tmp) / "summary.json"),
                       extra=dict(scrapy_overrides or {}),
                       progress_file=str(progress_path(data_dir, run_date, run_id)),
                       deadline=float(deadline or 0.0), archive=str(archive or ""))
        job_file = write_job(job, Path(tmp) / "job.json")
        code = _run_child(job_file, log_path, job, progress)
        summary_path = Path(job.summary_file)
        if code != 0 and "signum" in _STOPPING:
            raise CrawlStopped(_STOPPING["signum"])
        if code != 0 or not summary_path.exists():
            raise CrawlError(f"crawl process failed (exit {code}): {_last_error(log_path)} "
                             f"- see {log_path}")
        per_source = json.loads(summary_path.read_text())["per_source"]
    return summarize({name: SourceFigures.from_dict(f) for name, f in per_source.items()})


def _clear_dead_jobs() -> None:
    """Remove job folders of crawls whose parent was killed (its own cleanup never ran):
    those named after a process that no longer exists."""
    import shutil

    for folder in Path(tempfile.gettempdir()).glob("newsmon-crawl-*-*"):
        pid = folder.name.split("-")[2]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # another user's live crawl


def crawl_log_path(data_dir: str | Path, run_date: str, run_id: int) -> Path:
    """Where the crawl of run `run_id` logs (what a failed source's message points to)."""
    return Path(data_dir).resolve() / "logs" / f"crawl-{run_date}-{run_id}.log"


def _run_child(job_file: Path, log_path: Path, job: CrawlJob,
               progress: Callable[[dict], None] | None) -> int:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH")) if p)
    # The caller's cwd is kept: a relative SQLite store URL must mean the same file.
    # Our settings come from the job; a SCRAPY_SETTINGS_MODULE of the caller's must not leak in.
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    with open(log_path, "ab") as log:
        child = subprocess.Popen([sys.executable, "-m", "crawlers.process", str(job_file)],
                                 stdout=log, stderr=subprocess.STDOUT, env=env,
                                 preexec_fn=die_with_parent)
        _RUNNING.add(child)
        try:
            return _watch(child, job, progress)
        except BaseException:  # Ctrl-C or SIGTERM in this process: stop the crawl cleanly
            stop_child(child)
            raise
        finally:
            _RUNNING.discard(child)


def stop_child(child: subprocess.Popen, wait: float = _STOP_SECONDS) -> None:
    """As Ctrl-C would (Scrapy closes, every source keeps its frontier), then for good."""
    if child.poll() is not None:
        return
    try:
        child.send_signal(signal.SIGINT)
        child.wait(timeout=wait)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        child.kill()
        child.wait()


def stop_running(signum: int | None = None) -> None:
    """Stop every crawl process this process started, cleanly (a crawl run from another
    thread, when this process is told to stop by signal `signum`)."""
    _STOPPING["signum"] = signum
    for child in list(_RUNNING):
        stop_child(child)


def kill_running() -> None:
    """Kill every crawl process this process started (a second Ctrl-C: exit at once)."""
    for child in list(_RUNNING):
        if child.poll() is None:
            child.kill()


def _watch(child: subprocess.Popen, job: CrawlJob,
           progress: Callable[[dict], None] | None) -> int:
    """Wait for the child, passing its progress on; past the deadline and its grace, stop it:
    first as Ctrl-C would (Scrapy closes cleanly), then for good."""
    interrupted = False
    while True:
        try:
            return child.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            pass
        if progress is not None:
            snapshot = read_progress(job.progress_file)
            if snapshot is not None:
                progress(snapshot)
        late = job.deadline and time.time() - job.deadline
        if late and late > _GRACE and not interrupted:
            child.send_signal(signal.SIGINT)
            interrupted = True
        elif late and late > 2 * _GRACE:
            child.kill()


def die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGKILL it when its parent dies. A worker
    killed mid-crawl (SIGKILL, OOM) must not leave a crawler writing into the store while
    the next run starts; elsewhere this is a no-op."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _last_error(log_path: Path) -> str:
    """The most telling line of the child's log, to put in a one-line message."""
    try:
        lines = [ln.strip() for ln in log_path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return "no log"
    for line in reversed(lines):
        if "Error" in line or "ERROR" in line or "Traceback" in line:
            return line[:300]
    return lines[-1][:300] if lines else "no output"

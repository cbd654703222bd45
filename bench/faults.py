"""Replay bad input and faults against the CLI and print a table: case, exit code, the first
line it printed, whether it behaved as the README says, and whether the store is intact.

    python bench/faults.py [--signals]

A demo store is seeded first (the demo web on loopback); every case then runs the real CLI in
a subprocess, and the store's export is compared with its export before the case. A case
behaves when its exit code is the documented one, stderr holds no Python traceback, and
what it printed first names the thing to fix. `--signals` adds SIGTERM/SIGINT of a run.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Case:
    name: str
    args: list[str]
    code: int  # the documented exit code
    says: str = ""  # words the first line must hold
    env: dict | None = None
    stdin_pipe: str | None = None  # a shell pipeline around the command instead
    redirect: str | None = None  # where stdout goes instead (">/dev/full", ">&-")
    as_user: bool = False  # held to file modes and port privileges (root: capabilities dropped)


# Root ignores file modes and may listen on any port; without these it is held to them.
AS_USER = (["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,"
            "-net_bind_service"] if os.geteuid() == 0 else [])


def _cli(args, env=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})},
                          cwd=ROOT)


def _snapshot(store: str) -> str:
    out = _cli(["export", "--store", store, "--format", "jsonl"]).stdout
    return hashlib.sha256(out.encode()).hexdigest()[:12]


def _seed(tmp: Path):
    from newsmon.core.settings import resolve_settings
    from newsmon.core.stages import run_stage
    from newsmon.demo import DemoWeb, write_sources_yaml

    web = DemoWeb(names=["daily-planet", "river-times", "coast-gazette"]).__enter__()
    config = write_sources_yaml(tmp / "sources.yaml", web.sites)
    store = f"sqlite:///{tmp / 'store' / 'newsmon.db'}"
    settings = resolve_settings(config=config, store=store, workers=1)
    for stage in ("crawl", "extract", "dedupe"):
        run_stage(stage, settings, "2026-11-25")
    return web, config, store


def _files(tmp: Path, store: str) -> dict[str, Path]:
    f = {"file": tmp / "afile", "notdb": tmp / "notes.db", "foreign": tmp / "shop.db",
         "bomb": tmp / "bomb.html.gz", "fifo": tmp / "fifo", "dir": tmp / "adir",
         "ro": tmp / "theirs" / "newsmon.db", "rodir": tmp / "locked"}
    f["ro"].parent.mkdir()  # a copy of the store that this user may read but not write
    with sqlite3.connect(store.removeprefix("sqlite:///")) as source, \
            sqlite3.connect(f["ro"]) as copy:
        source.backup(copy)
    f["ro"].chmod(0o444)
    f["ro"].parent.chmod(0o555)
    f["rodir"].mkdir(mode=0o555)
    f["file"].write_text("x")
    f["notdb"].write_bytes(b"notes, not a database\n" * 20)
    with sqlite3.connect(f["foreign"]) as conn:
        conn.execute("create table customers (id integer)")
    with gzip.open(f["bomb"], "wb") as out:
        for _ in range(100):
            out.write(b"<p>" + b"a" * 1_000_000)
    f["dir"].mkdir()
    os.mkfifo(f["fifo"])
    for name, text in {"badport": "http://127.0.0.1:99999/", "space": "http://exa mple.com/",
                       "creds": "http://user:pw@example.com/"}.items():
        (tmp / f"{name}.yaml").write_text(f"sources:\n  - name: a\n    url: {text}\n")
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n, name in enumerate("bcdefghi"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{'abcdefghi'[n]}"] * 9) + "]")
    (tmp / "bomb.yaml").write_text("\n".join(levels) + "\n")
    return f


def _cases(tmp: Path, config: Path, store: str, f: dict[str, Path], busy: int) -> list[Case]:
    s = ["--store", store]
    return [
        Case("sources: port out of range", ["sources", "check", "--config", str(tmp / "badport.yaml")], 2, "port"),
        Case("sources: space in host", ["sources", "check", "--config", str(tmp / "space.yaml")], 2, "space"),
        Case("sources: credentials in URL", ["sources", "check", "--config", str(tmp / "creds.yaml")], 2, "password"),
        Case("sources: YAML alias bomb", ["sources", "check", "--config", str(tmp / "bomb.yaml")], 2, "bomb.yaml"),
        Case("sources: missing file", ["sources", "check", "--config", str(tmp / "none.yaml")], 2, "none.yaml"),
        Case("store: not a database", ["clusters", "--store", f"sqlite:///{f['notdb']}"], 2, "not a database"),
        Case("store: another program's", ["clusters", "--store", f"sqlite:///{f['foreign']}"], 2, "not newsmon's"),
        Case("store: missing (clusters)", ["clusters", "--store", f"sqlite:///{tmp}/none/n.db"], 2, "does not exist"),
        Case("store: missing (export)", ["export", "--format", "jsonl", "--store", f"sqlite:///{tmp}/none/n.db"], 2, "does not exist"),
        Case("store: ? in SQLite path", ["clusters", "--store", f"sqlite:///{tmp}/a?b.db"], 2, "'?'"),
        Case("--data-dir is a file", ["crawl", "--config", str(config), *s, "--data-dir", str(f["file"])], 2, "--data-dir"),
        Case("NEWSMON_WORKERS=abc", ["extract", *s], 2, "NEWSMON_WORKERS", env={"NEWSMON_WORKERS": "abc"}),
        Case("demo --dir is a file", ["demo", "--dir", str(f["file"])], 2, "is a file"),
        Case("index: redis db abc", ["dedupe", *s, "--config", str(config), "--index-url", "redis://127.0.0.1:6379/abc"], 2, "not a number"),
        Case("index: redis unreachable", ["dedupe", *s, "--config", str(config), "--index-url", "redis://127.0.0.1:1/0"], 1, "127.0.0.1:1"),
        Case("store: PostgreSQL unreachable", ["clusters", "--store", "postgresql+psycopg://u@127.0.0.1:1/db"], 1, "127.0.0.1"),
        Case("export --out a directory", ["export", *s, "--format", "jsonl", "--out", str(f["dir"])], 2, "directory"),
        Case("export --out under a file", ["export", *s, "--format", "jsonl", "--out", str(f["file"] / "x.jsonl")], 2, "--out"),
        Case("export --out /dev/null", ["export", *s, "--format", "jsonl", "--out", "/dev/null"], 0),
        Case("export | head -1", ["export", *s, "--format", "jsonl"], 0, stdin_pipe="head -1"),
        Case("parse: gzip bomb", ["parse", str(f["bomb"])], 2, "decompressed"),
        Case("parse: missing file", ["parse", str(tmp / "none.html")], 2, "none.html"),
        Case("serve: port in use", ["serve", *s, "--port", str(busy)], 2, "in use"),
        Case("serve: foreign host", ["serve", *s, "--host", "203.0.113.7"], 2, "not an address"),
        Case("store: read-only (clusters)", ["clusters", "--store", f"sqlite:///{f['ro']}"], 0, as_user=True),
        Case("store: read-only (export)", ["export", "--format", "jsonl", "--store", f"sqlite:///{f['ro']}", "--out", str(tmp / "ro.jsonl")], 0, as_user=True),
        Case("store: read-only (run)", ["run", "--config", str(config), "--store", f"sqlite:///{f['ro']}"], 2, "may not write", as_user=True),
        Case("export --out read-only dir", ["export", *s, "--format", "jsonl", "--out", str(f["rodir"] / "x.jsonl")], 2, "Permission denied", as_user=True),
        Case("export > full disk", ["export", *s, "--format", "jsonl"], 2, "No space", redirect=">/dev/full"),
        Case("export, stdout closed", ["export", *s, "--format", "jsonl"], 2, "closed", redirect=">&-"),
        Case("clusters > full disk", ["clusters", *s], 2, "No space", redirect=">/dev/full"),
        Case("serve: privileged port", ["serve", *s, "--port", "80"], 2, "privileges", as_user=True),
        Case("cluster: unknown id", ["cluster", "c0000000000000000", *s], 2, "c0000000000000000"),
        Case("clusters: unknown source", ["clusters", *s, "--source", "nope"], 2, "nope"),
    ]


def _run(case: Case) -> tuple[int, str]:
    argv = [*(AS_USER if case.as_user else []), sys.executable, "-m", "newsmon", *case.args]
    if case.stdin_pipe or case.redirect:
        command = " ".join(f"'{a}'" for a in argv)
        tail = (f"| {case.stdin_pipe} >/dev/null" if case.stdin_pipe else case.redirect)
        done = subprocess.run(["bash", "-c", f"{command} {tail}; echo \"${{PIPESTATUS[0]}}\" >&2"],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
        lines = done.stderr.strip().splitlines()
        return int(lines[-1]), "\n".join(lines[:-1])
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(case.env or {})}, cwd=ROOT)
    return done.returncode, done.stderr


def _signal_cases(web, tmp: Path) -> list[tuple[str, int, str, bool]]:
    """Stop a run mid-crawl (a slow sources file, the signal once its crawl is under way)."""
    from newsmon.demo import write_sources_yaml

    config = write_sources_yaml(tmp / "slow.yaml", web.sites, 0.25)
    rows = []
    for sig, name in ((signal.SIGTERM, "run: SIGTERM"), (signal.SIGINT, "run: Ctrl-C (group)")):
        folder = tmp / name.replace(" ", "_").replace(":", "")
        store = f"sqlite:///{folder}/n.db"
        proc = subprocess.Popen([sys.executable, "-m", "newsmon", "run", "--config", str(config),
                                 "--store", store], start_new_session=True, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        until = time.monotonic() + 180
        while not list(folder.glob("logs/crawl-*.progress.json")) and time.monotonic() < until:
            time.sleep(0.2)
        time.sleep(1.0)
        (os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig))
        _, err = proc.communicate(timeout=120)
        again = _cli(["run", "--config", str(config), "--store", store], timeout=600)
        ok = proc.returncode == 128 + sig and "Traceback" not in err and again.returncode == 0
        rows.append((name, proc.returncode, (err.strip().splitlines() or [""])[-1], ok))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", action="store_true", help="also stop runs with signals")
    args = parser.parse_args()
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    with tempfile.TemporaryDirectory(prefix="newsmon-faults-") as name:
        tmp = Path(name)
        web, config, store = _seed(tmp)
        try:
            files = _files(tmp, store)
            with socket.socket() as busy:
                busy.bind(("127.0.0.1", 0))
                busy.listen(1)
                before = _snapshot(store)
                rows = []
                for case in _cases(tmp, config, store, files, busy.getsockname()[1]):
                    code, stderr = _run(case)
                    first = (stderr.strip().splitlines() or [""])[0]
                    # A sources file gets one located line per problem; the rest one line.
                    lines = 99 if case.args[0] == "sources" else 1
                    ok = (code == case.code and "Traceback" not in stderr
                          and case.says.lower() in first.lower()
                          and len(stderr.strip().splitlines()) <= lines)
                    rows.append((case.name, code, first, ok, _snapshot(store) == before))
            null = os.stat("/dev/null")
            rows.append(("/dev/null still a device", 0, "", __import__("stat").S_ISCHR(
                null.st_mode), True))
            if args.signals:
                rows += [(n, c, line, ok, True) for n, c, line, ok in _signal_cases(web, tmp)]
        finally:
            web.__exit__(None, None, None)
            for locked in (tmp / "theirs", tmp / "locked"):  # so the temporary dir can go
                if locked.exists():
                    locked.chmod(0o755)
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  exit  as documented  store intact  first line")
    for name, code, first, ok, intact in rows:
        print(f"{name:<{width}}  {code:>4}  {'yes' if ok else 'NO':<13}  "
              f"{'yes' if intact else 'NO':<12}  {first[:90]}")
    good = sum(r[3] and r[4] for r in rows)
    print(f"\n{good} of {len(rows)} cases behave as documented with the store intact")
    return 0 if good == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())

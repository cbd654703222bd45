"""`newsmon crawl` with a dead source, and `newsmon demo` as `make demo` runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newsmon.demo import DemoWeb


def _cli(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                          text=True, timeout=600, cwd=cwd, env=env or dict(os.environ))


def test_a_dead_source_is_reported_and_the_others_still_crawl(tmp_path):
    with DemoWeb(names=["river-times"]) as web:
        config = tmp_path / "sources.yaml"
        config.write_text(
            "sources:\n"
            f"  - name: river-times\n    url: {web.sites[0].base_url}\n"
            "  - name: dead\n    url: http://127.0.0.1:1/\n"
            "crawl:\n  download_delay: 0\n")
        result = _cli("crawl", "--config", str(config),
                      "--store", f"sqlite:///{tmp_path / 'db' / 'n.db'}")
    assert result.returncode == 0, result.stderr  # one failed source is reported, not fatal
    line = result.stderr.strip()
    assert line.startswith("source dead (http://127.0.0.1:1/): FAILED, nothing fetched: "
                           "could not connect (refused or dropped)"), line
    log = Path(line.split("; log: ")[1])
    assert log.is_file() and "127.0.0.1:1" in log.read_text()  # the log says what happened
    assert "river-times" not in result.stderr
    figures = dict(part.rsplit(" ", 1) for part in
                   result.stdout.strip().removeprefix("crawl: ").split(", "))
    assert int(figures["new_articles"]) >= 6


def test_a_run_in_which_every_source_failed_exits_3(tmp_path):
    # `crawl`, not `run`: the same outcome check (newsmon/core/outcome.py) without the
    # half minute a temporary Prefect server costs.
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: dead\n    url: http://127.0.0.1:1/\n"
                      "  - name: gone\n    url: http://127.0.0.1:9/\n"
                      "crawl:\n  download_delay: 0\n")
    result = _cli("crawl", "--config", str(config), "--store",
                  f"sqlite:///{tmp_path / 'db' / 'n.db'}")
    assert result.returncode == 3, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith(("source ", "newsmon"))]
    assert [line.split(" (")[0] for line in lines[:2]] == ["source dead", "source gone"]
    assert all(": FAILED, nothing fetched: could not connect" in line and "; log: " in line
               for line in lines[:2]), lines
    assert lines[-1].startswith("newsmon: every source failed"), lines


def test_demo_prints_its_summary_and_can_run_again(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    first = _cli("demo", "--dir", "demo", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    out = first.stdout
    assert "articles 25" in out and "Biggest clusters" in out
    assert "rate" in out.lower()  # the four-site wire story leads the biggest clusters
    assert (tmp_path / "demo" / "newsmon.db").exists()
    again = _cli("demo", "--dir", "demo", cwd=tmp_path, env=env)
    assert again.returncode == 0 and "articles 25" in again.stdout  # cleared, not doubled


def test_demo_refuses_a_directory_it_did_not_make(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = _cli("demo", "--dir", str(tmp_path / "mine"))
    assert result.returncode == 2
    assert "was not made by `newsmon demo`" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"

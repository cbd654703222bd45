"""Bad stores, directories and settings: one line naming what to fix and a documented exit
code, never a traceback, and nothing touched that was not newsmon's."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest


def _cli(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})}, cwd=cwd)


def _one_line(result, code: int, *words: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == code, result.stderr[-2000:]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


def _tables(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}


@pytest.mark.parametrize("command", [["clusters"], ["cluster", "c0000"],
                                     ["export", "--format", "jsonl"]])
def test_read_only_commands_refuse_a_missing_store_and_create_nothing(tmp_path, command):
    store = tmp_path / "nothing" / "n.db"
    result = _cli(*command, "--store", f"sqlite:///{store}", cwd=tmp_path)
    _one_line(result, 2, "does not exist", str(store))
    assert not (tmp_path / "nothing").exists()


def test_a_file_that_is_not_a_database_is_named_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n" * 10)
    before = path.read_bytes()
    _one_line(_cli("clusters", "--store", f"sqlite:///{path}"), 2, "not a database")
    _one_line(_cli("crawl", "--store", f"sqlite:///{path}", "--config", "x.yaml"), 2)
    assert path.read_bytes() == before


def test_a_database_of_another_program_is_not_migrated(tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table customers (id integer primary key, name text)")
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
    for args in (["clusters"], ["crawl", "--config", str(config)]):
        _one_line(_cli(*args, "--store", f"sqlite:///{path}"), 2, "not newsmon's", "customers")
    assert _tables(path) == {"customers"}


def test_a_store_from_a_newer_newsmon_is_refused(tmp_path):
    store = f"sqlite:///{tmp_path / 'n.db'}"
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
    assert _cli("crawl", "--store", store, "--config", str(config)).returncode == 3
    with sqlite3.connect(tmp_path / "n.db") as conn:
        conn.execute("update alembic_version set version_num = '0999'")
    _one_line(_cli("clusters", "--store", store), 2, "0999", "newer newsmon")


def test_a_question_mark_in_a_sqlite_path_is_refused(tmp_path):
    _one_line(_cli("clusters", "--store", f"sqlite:///{tmp_path}/what?.db"), 2, "'?'")
    assert list(tmp_path.iterdir()) == []


def test_a_data_dir_that_is_a_file_is_named(tmp_path):
    (tmp_path / "afile").write_text("x")
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
    _one_line(_cli("crawl", "--config", str(config), "--store", f"sqlite:///{tmp_path}/n.db",
                   "--data-dir", str(tmp_path / "afile")), 2, "--data-dir", "is a file")


def test_bad_workers_demo_dir_and_index_db_are_one_line_each(tmp_path):
    store = f"sqlite:///{tmp_path}/n.db"
    _one_line(_cli("extract", "--store", store, env={"NEWSMON_WORKERS": "abc"}), 2,
              "NEWSMON_WORKERS='abc'")
    (tmp_path / "afile").write_text("x")
    _one_line(_cli("demo", "--dir", str(tmp_path / "afile")), 2, "is a file")
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
    _one_line(_cli("dedupe", "--store", store, "--config", str(config), "--index-url",
                   "redis://127.0.0.1:6379/abc"), 2, "'abc' is not a number")


def test_two_stores_never_share_one_data_directory(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
    first = _cli("crawl", "--config", str(config), "--store", f"sqlite:///{tmp_path}/a.db")
    assert first.returncode == 3, first.stderr[-2000:]  # nothing fetched, but a store
    marker = (tmp_path / ".newsmon-store").read_text()
    line = _one_line(_cli("crawl", "--config", str(config),
                          "--store", f"sqlite:///{tmp_path}/b.db"), 2, "another newsmon store")
    assert "--data-dir" in line and (tmp_path / ".newsmon-store").read_text() == marker
    own = _cli("crawl", "--config", str(config), "--store", f"sqlite:///{tmp_path}/b.db",
               "--data-dir", str(tmp_path / "b-files"))
    assert own.returncode == 3 and (tmp_path / "b-files" / ".newsmon-store").exists()
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("a.db", ".newsmon-store"):  # a store moved with its files is still itself
        (tmp_path / name).rename(moved / name)
    again = _cli("clusters", "--store", f"sqlite:///{moved}/a.db")
    assert again.returncode == 0, again.stderr

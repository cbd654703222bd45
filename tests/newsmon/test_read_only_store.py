"""A store this user may read but not write (a colleague's, a read-only mount): the commands
that only read work on it and give what its owner gets; the ones that write refuse it in one
line, and the store is left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# Root ignores file modes; without these capabilities it is held to them like any user.
_AS_A_USER = (["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
              if os.geteuid() == 0 else [])

pytestmark = pytest.mark.skipif(_AS_A_USER and shutil.which("setpriv") is None,
                                reason="running as root without setpriv: file modes "
                                       "cannot be made to apply")


def _cli(*args, as_user=False):
    prefix = _AS_A_USER if as_user else []
    return subprocess.run([*prefix, sys.executable, "-m", "newsmon", *args],
                          capture_output=True, text=True, timeout=300)


def _copy_store(settings, where: Path) -> Path:
    """A consistent copy of the seeded store (its WAL folded in), to make read-only."""
    where.mkdir()
    copy = where / "newsmon.db"
    source = sqlite3.connect(settings.store_url.removeprefix("sqlite:///"))
    target = sqlite3.connect(copy)
    source.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    source.close()
    target.close()
    return copy


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.mark.parametrize("locked", ["file and directory", "file only"])
def test_read_commands_work_on_a_store_this_user_cannot_write(seeded, tmp_path, locked):
    settings, _ = seeded
    directory = tmp_path / "theirs"
    copy = _copy_store(settings, directory)
    store = f"sqlite:///{copy}"
    owners = _cli("export", "--store", store, "--format", "jsonl")
    assert owners.returncode == 0 and owners.stdout.count("\n") >= 5, owners.stderr[-2000:]
    listed = _cli("clusters", "--store", store, "--json")
    first = json.loads(listed.stdout.splitlines()[0])["cluster_id"]

    copy.chmod(0o444)
    for leftover in directory.glob("newsmon.db-*"):
        leftover.unlink()  # a clean close leaves no -wal/-shm: the common case to read
    if locked == "file and directory":
        directory.chmod(0o555)
    before = _digest(directory)
    try:
        mine = _cli("export", "--store", store, "--format", "jsonl", as_user=True)
        assert mine.returncode == 0, mine.stderr[-2000:]
        assert mine.stdout == owners.stdout
        shown = _cli("clusters", "--store", store, as_user=True)
        assert shown.returncode == 0 and first in shown.stdout, shown.stderr[-2000:]
        one = _cli("cluster", first, "--store", store, as_user=True)
        assert one.returncode == 0 and f"cluster {first}" in one.stdout, one.stderr[-2000:]

        write = _cli("dedupe", "--store", store, "--config", str(settings.config_path),
                     as_user=True)
        lines = [line for line in write.stderr.splitlines() if line.strip()]
        assert write.returncode == 2 and len(lines) == 1, write.stderr[-2000:]
        assert "may not write" in lines[0] and str(copy) in lines[0], lines[0]
        after = _digest(directory)
        assert after.get("newsmon.db") == before["newsmon.db"]
        if locked == "file and directory":
            assert after == before  # nothing made beside it either
    finally:
        directory.chmod(0o755)
        copy.chmod(0o644)

"""Escape sequences in stored headlines (a store written before extraction stripped them,
or any field scraped raw) never reach the reader's terminal: shown as \\x1b, not sent."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

EVIL = "Budget\x1b]8;;http://evil.example/\x07 passes\x1b]8;;\x07\x1b[2J\x1b[31m today\x07"


def _cli(*args):
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_clusters_and_cluster_print_control_characters_escaped(seeded, tmp_path):
    settings, _ = seeded
    db = tmp_path / "n.db"
    shutil.copy(settings.store_url.removeprefix("sqlite:///"), db)
    store = ["--store", f"sqlite:///{db}", "--data-dir", str(tmp_path)]
    first = json.loads(_cli("clusters", *store, "--json").splitlines()[0])
    with sqlite3.connect(db) as conn:
        conn.execute("update articles set title = ?", (EVIL,))
    listing = _cli("clusters", *store)
    detail = _cli("cluster", first["cluster_id"], *store)
    for shown in (listing, detail):
        assert "\x1b" not in shown and "\x07" not in shown
    assert "Budget\\x1b]8;;http://evil.example/\\x07 passes" in detail
    assert "\\x1b[2J" in listing.replace("\n", "").replace(" ", "") or "\\x1b" in listing

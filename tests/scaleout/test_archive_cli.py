"""`--data-dir s3://bucket/prefix`: the commands keep the WARC archive on object storage
(moto's S3 server on 127.0.0.1) and export what a run on local disk exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from newsmon.core.settings import resolve_settings
from newsmon.demo import DemoWeb, write_sources_yaml
from tests.scaleout.conftest import BUCKET

DAY = "2026-11-25"


def _newsmon(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            text=True, timeout=600, env=dict(os.environ))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _crawl_extract_export(config, store: str, data_dir: str) -> list[dict]:
    for stage in ("crawl", "extract"):
        _newsmon(stage, "--config", str(config), "--store", store, "--data-dir", data_dir,
                 "--date", DAY)
    out = _newsmon("export", "--store", store, "--format", "jsonl").stdout
    keep = ("canonical_url", "title", "text", "content_hash")
    return sorted(({k: r[k] for k in keep} for r in map(json.loads, out.splitlines())),
                  key=lambda r: r["canonical_url"])


def test_an_s3_data_dir_holds_the_archive_and_changes_nothing_else(s3, tmp_path):
    with DemoWeb(names=["daily-planet"]) as web:
        config = write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        local = _crawl_extract_export(config, f"sqlite:///{tmp_path / 'l' / 'n.db'}",
                                      str(tmp_path / "l"))
        remote = _crawl_extract_export(config, f"sqlite:///{tmp_path / 'r' / 'n.db'}",
                                       f"s3://{BUCKET}/day")
    assert len(local) >= 5 and remote == local
    assert not (tmp_path / "r" / "warc").exists()  # nothing archived on this machine
    assert (tmp_path / "r" / "logs").is_dir()  # the crawl log stays beside the store
    assert any(p.endswith(".warc.gz") for p in s3.find(f"{BUCKET}/day/warc"))


def test_the_settings_tell_the_archive_from_the_data_dir():
    remote = resolve_settings(data_dir="s3://bucket/prefix/", env={})
    assert (remote.archive, remote.data_dir) == ("s3://bucket/prefix", None)
    local = resolve_settings(data_dir="/srv/newsmon", env={})
    assert (local.archive, str(local.data_dir)) == (None, "/srv/newsmon")

"""`export --out` to what is not a plain file: a FIFO, a pipe of the shell's, /dev/null, a
symlink, places that cannot be written, and a reader that stops early (`| head`)."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest

import storage
from storage.schema import articles, pages, sources

COUNT = 300  # records of ~2 KB: far more than a pipe holds, so `| head` closes it mid-way


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('targets') / 'newsmon.db'}"
    opened = storage.open_store(url)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with opened.begin() as conn:
        conn.execute(sources.insert().values(name="bulk", url="http://b.test/", added_at=start))
        page_id = conn.execute(pages.insert().values(
            source="bulk", url_key="http://b.test/", url="http://b.test/", kind="article",
            status=200, first_fetched_at=start, last_fetched_at=start, last_changed_at=start,
            fetch_count=1)).inserted_primary_key[0]
        conn.execute(articles.insert(), [{
            "article_id": f"a{i:015d}", "page_id": page_id, "body_hash": f"{i:064d}",
            "parser_version": "bulk", "status": "ok", "source": "bulk",
            "url": f"http://b.test/{i}", "canonical_url": f"http://b.test/{i}",
            "title": f"Story {i}", "published": start + timedelta(minutes=i),
            "text": f"{i}\n" + "lorem ipsum " * 170, "content_hash": f"{i:064x}",
            "fetched_at": start, "extracted_at": start} for i in range(COUNT)])
    opened.close()
    return url


def _export(store, *args, fmt="jsonl"):
    return subprocess.run([sys.executable, "-m", "newsmon", "export", "--store", store,
                           "--format", fmt, *args], capture_output=True, timeout=120)


def _records(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines()]


def test_a_fifo_is_written_through_and_stays_a_fifo(store, tmp_path):
    fifo = tmp_path / "articles.pipe"
    os.mkfifo(fifo)
    got: dict[str, bytes] = {}

    def read():
        with open(fifo, "rb") as handle:  # blocks until the export opens the FIFO
            got["data"] = handle.read()

    reader = threading.Thread(target=read, daemon=True)  # daemon: a FIFO nobody opens
    reader.start()
    result = _export(store, "--out", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert not reader.is_alive() and len(_records(got["data"])) == COUNT
    assert [p.name for p in tmp_path.iterdir()] == ["articles.pipe"]  # no .partial beside


def test_a_shell_pipe_by_dev_fd_gets_the_records(store, tmp_path):
    # --out >(gzip > x.gz): bash hands the command /dev/fd/63, the write end of a pipe.
    script = ('"$0" -m newsmon export --store "$1" --format jsonl --out >(gzip > "$2"); '
              'status=$?; wait $!; exit $status')
    result = subprocess.run(["bash", "-c", script, sys.executable, store,
                             str(tmp_path / "x.gz")], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert len(_records(gzip.decompress((tmp_path / "x.gz").read_bytes()))) == COUNT


def test_a_symlink_stays_a_link_and_its_target_gets_the_records(store, tmp_path):
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "2026-01.jsonl"
    target.write_text("last month's\n")
    target.chmod(0o640)
    link = tmp_path / "latest.jsonl"
    link.symlink_to("exports/2026-01.jsonl")  # relative, as `ln -s` makes them
    dangling = tmp_path / "next.jsonl"
    dangling.symlink_to(tmp_path / "exports" / "2026-02.jsonl")
    for out in (link, dangling):
        result = _export(store, "--out", str(out))
        assert result.returncode == 0, result.stderr.decode()[-2000:]
        assert out.is_symlink(), f"{out.name} was replaced by a file"
    assert os.readlink(link) == "exports/2026-01.jsonl"
    assert len(_records(target.read_bytes())) == COUNT
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # replaced, with the same readers
    assert len(_records((tmp_path / "exports" / "2026-02.jsonl").read_bytes())) == COUNT
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "2026-01.jsonl", "2026-02.jsonl", "exports", "latest.jsonl", "next.jsonl"]


DEVICES = {"/dev/null": 3, "/dev/full": 7}  # the minor numbers of the memory devices


def _is_device(path: str) -> bool:
    return os.path.lexists(path) and stat.S_ISCHR(os.lstat(path).st_mode)


@pytest.fixture(autouse=True)
def devices_intact():
    """An export that replaces a device (as root) breaks the machine: check each test, and
    put back what one replaced before failing."""
    present = [path for path in DEVICES if os.path.lexists(path)]  # no /dev/full on macOS
    assert all(_is_device(path) for path in present), "a device is broken already"
    yield
    broken = [path for path in present if not _is_device(path)]
    for path in broken:
        if os.geteuid() == 0:
            if os.path.lexists(path):
                os.remove(path)
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, DEVICES[path]))
            os.chmod(path, 0o666)
    for path in DEVICES:
        if os.path.lexists(path + ".partial"):
            os.remove(path + ".partial")
    assert not broken, f"the export replaced {broken} with a regular file"


def test_dev_null_stays_a_character_device(store):
    assert _is_device("/dev/null")
    result = _export(store, "--out", "/dev/null")
    assert _is_device("/dev/null"), "the export replaced /dev/null with a regular file"
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert not os.path.lexists("/dev/null.partial")


@contextmanager
def _read_only(directory):
    """A directory nobody may create files in: root ignores modes, not the immutable flag."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        yield
        directory.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(directory)], capture_output=True).returncode:
        pytest.skip("no read-only directory for root here (chattr +i failed)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(directory)], check=True)


@pytest.mark.parametrize("case", ["directory", "under-a-file", "read-only-directory",
                                  "full-disk"])
def test_a_target_that_cannot_be_written_is_one_line(store, tmp_path, case):
    (tmp_path / "notes.txt").write_text("keep me\n")
    (tmp_path / "locked").mkdir()
    out = {"directory": tmp_path, "under-a-file": tmp_path / "notes.txt" / "a.jsonl",
           "read-only-directory": tmp_path / "locked" / "a.jsonl",
           "full-disk": "/dev/full"}[case]  # every write: "No space left on device"
    if case == "full-disk" and not _is_device("/dev/full"):
        pytest.skip("no /dev/full here")
    with _read_only(tmp_path / "locked"):
        result = _export(store, "--out", str(out))
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr[-2000:]
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr, stderr[-2000:]
    assert stderr.startswith(f"newsmon: --out {out}: "), stderr
    assert (tmp_path / "notes.txt").read_text() == "keep me\n"
    assert not list(tmp_path.rglob("*.partial"))


@pytest.mark.parametrize("fmt, head", [("jsonl", "-1"), ("parquet", "-c100")])
def test_a_reader_that_stops_early_ends_the_export_quietly(store, tmp_path, fmt, head):
    # As `seq 1000000 | head -1`: the writer stops when the reader is gone, without a word.
    script = ('"$0" -m newsmon export --store "$1" --format "$2" 2>"$3" | head "$4" >"$5"; '
              'echo "${PIPESTATUS[0]}"')
    result = subprocess.run(["bash", "-c", script, sys.executable, store, fmt,
                             str(tmp_path / "stderr"), head, str(tmp_path / "head")],
                            capture_output=True, text=True, timeout=120)
    assert (tmp_path / "stderr").read_text() == ""
    assert result.stdout.strip() == "0"
    first = (tmp_path / "head").read_bytes()
    if fmt == "jsonl":
        assert _records(first)[0]["id"]  # one whole record
    else:
        assert len(first) == 100 and first.startswith(b"PAR1")


@pytest.mark.parametrize("command", [["export", "--format", "jsonl"], ["clusters"]])
@pytest.mark.parametrize("stdout", ["full-disk", "closed"])
def test_terminal_output_that_cannot_be_written_is_one_line(store, command, stdout):
    if stdout == "full-disk" and not _is_device("/dev/full"):
        pytest.skip("no /dev/full here")
    target = "/dev/full" if stdout == "full-disk" else "&-"  # `>&-`: no stdout at all
    script = f'"$0" -m newsmon "$@" --store "{store}" >{target}'
    result = subprocess.run(["bash", "-c", script, sys.executable, *command],
                            capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if stdout == "closed" and command[0] == "clusters":
        # rich writes nowhere when there is no stdout: the listing is simply not shown
        assert result.returncode == 0 and not lines, result.stderr[-2000:]
        return
    assert result.returncode == 2 and len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("newsmon: stdout: "), lines[0]

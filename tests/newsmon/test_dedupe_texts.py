"""`newsmon dedupe-texts`: texts in, the same records with their clusters out; bad lines named."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.dedupe.dedupe_corpus import replace_word, story, teaser, with_dateline


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsmon", "dedupe-texts", *args],
                          capture_output=True, text=True, timeout=300)


def _write(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_copies_share_a_cluster_and_other_stories_stand_alone(tmp_path):
    a, b = story(31, words=450), story(32, words=450)
    records = [{"id": "a1", "text": a, "source": "wire", "published": "2026-11-20T06:00:00Z"},
               {"id": "b1", "text": b, "source": "wire"},
               {"id": "a2", "text": with_dateline(replace_word(a)), "source": "portal"},
               {"id": "a3", "text": teaser(a), "source": "aggregator", "url": "https://x/t"},
               {"id": "b2", "text": replace_word(b, every=60), "source": "paper", "n": 5}]
    out = tmp_path / "out.jsonl"
    result = _run(_write(tmp_path / "in.jsonl", records), "--out", str(out))
    assert result.returncode == 0, result.stderr
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in got] == [r["id"] for r in records]  # order and fields kept
    assert got[4]["n"] == 5 and got[3]["url"] == "https://x/t"
    by_id = {r["id"]: r for r in got}
    assert by_id["a1"]["cluster_id"] == by_id["a2"]["cluster_id"] == by_id["a3"]["cluster_id"]
    assert by_id["b1"]["cluster_id"] == by_id["b2"]["cluster_id"] != by_id["a1"]["cluster_id"]
    assert by_id["a1"]["cluster_size"] == 3 and by_id["b2"]["cluster_size"] == 2
    reps = [r for r in got if r["cluster_id"] == by_id["a1"]["cluster_id"] and
            r["is_representative"]]
    assert len(reps) == 1 and reps[0]["id"] != "a3"  # an excerpt never stands for its story
    assert all(r["duplicate_of"] == reps[0]["id"] for r in got
               if r["cluster_id"] == reps[0]["cluster_id"] and r is not reps[0])
    assert f"wrote 5 records to {out}" in result.stderr


def test_a_bad_line_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    repeated = _run(str(path))
    assert repeated.returncode == 2
    assert repeated.stderr.strip() == f"{path}: line 2: id 'a' repeats an earlier record's"
    path.write_text('{"id": "a", "text": "x"}\n[1, 2]\n', encoding="utf-8")
    not_object = _run(str(path))
    assert (not_object.returncode, not_object.stderr.strip()) == (
        2, f"{path}:2: expected a JSON object")
    missing = _run(str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "nope.jsonl: cannot read" in missing.stderr
    assert "Traceback" not in missing.stderr + not_object.stderr + repeated.stderr

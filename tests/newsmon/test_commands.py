"""The read-side commands as a user runs them: export, clusters, cluster, parse, and errors."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from storage import EXPORT_FIELDS


def _cli(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            timeout=180, env={**os.environ})
    if check:
        assert result.returncode == 0, result.stderr.decode()[-3000:]
    return result


def _store(seeded):
    settings, _ = seeded
    return ["--store", settings.store_url, "--data-dir", str(settings.data_dir)]


def _jsonl(seeded, *extra):
    out = _cli("export", *_store(seeded), "--format", "jsonl", *extra).stdout.decode()
    return [json.loads(line) for line in out.splitlines()]


def test_stage_figures_add_up(seeded):
    _, figures = seeded
    assert figures["crawl"]["new_articles"] == figures["extract"]["articles"] > 10
    assert figures["dedupe"]["new_articles"] == figures["extract"]["articles"]
    assert figures["dedupe"]["joined"] > 0  # syndicated copies were found


def test_jsonl_csv_and_parquet_hold_the_same_records(seeded, tmp_path):
    records = _jsonl(seeded)
    assert records and all(tuple(r) == EXPORT_FIELDS for r in records)
    _cli("export", *_store(seeded), "--format", "csv", "--out", str(tmp_path / "a.csv"))
    _cli("export", *_store(seeded), "--format", "parquet", "--out", str(tmp_path / "a.parquet"))
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    parquet = pq.read_table(tmp_path / "a.parquet")
    # Parquet keeps times as timestamps (UTC; Parquet has no unit coarser than ms).
    assert str(parquet.schema.field("fetched_at").type) == "timestamp[ms, tz=UTC]"
    table = [{**r, **{k: r[k].isoformat() if r[k] else None for k in ("published", "fetched_at")}}
             for r in parquet.to_pylist()]
    assert tuple(rows[0]) == EXPORT_FIELDS and tuple(table[0]) == EXPORT_FIELDS
    assert [r["id"] for r in rows] == [r["id"] for r in records] == [r["id"] for r in table]
    assert [r["text"] for r in rows] == [r["text"] for r in records]  # multi-line text survives
    assert table == records
    assert [int(r["cluster_size"]) for r in rows] == [r["cluster_size"] for r in records]
    assert {r["is_representative"] for r in rows} == {"true", "false"}
    assert not list(tmp_path.glob("*.partial"))


def test_unique_keeps_one_record_per_cluster(seeded):
    records = _jsonl(seeded)
    unique = _jsonl(seeded, "--unique")
    assert len(unique) == len({r["cluster_id"] for r in records}) < len(records)
    assert all(r["is_representative"] and r["duplicate_of"] is None for r in unique)


def test_since_and_until_select_by_publication_day(seeded):
    records = _jsonl(seeded)
    days = sorted({r["published"][:10] for r in records if r["published"]})
    assert len(days) >= 2
    first, last = days[0], days[-1]
    only_first = _jsonl(seeded, "--since", first, "--until", first)
    assert only_first and all((r["published"] or r["fetched_at"])[:10] == first
                              for r in only_first)
    after_first = _jsonl(seeded, "--since", days[1])
    assert len(only_first) + len(after_first) == len(records)
    assert _jsonl(seeded, "--until", last) == [r for r in records
                                               if (r["published"] or r["fetched_at"])[:10] <= last]


def test_export_one_source(seeded):
    records = _jsonl(seeded, "--source", "river-times")
    assert records and {r["source"] for r in records} == {"river-times"}


def test_clusters_and_cluster(seeded):
    lines = _cli("clusters", *_store(seeded), "--json").stdout.decode().splitlines()
    listed = [json.loads(line) for line in lines]
    assert listed and all(c["cluster_size"] >= 2 for c in listed)
    assert [c["cluster_size"] for c in listed] == sorted((c["cluster_size"] for c in listed),
                                                         reverse=True)
    table = _cli("clusters", *_store(seeded), "--min-size", "1").stdout.decode()
    assert listed[0]["cluster_id"] in table
    detail = json.loads(_cli("cluster", listed[0]["cluster_id"], *_store(seeded),
                             "--json").stdout)
    assert detail["cluster_size"] == len(detail["members"]) == listed[0]["cluster_size"]
    assert detail["representative_reason"].startswith("earliest published")
    others = [m for m in detail["members"] if not m["is_representative"]]
    assert others and all(m["changes"] is not None for m in others)
    text = _cli("cluster", listed[0]["cluster_id"], *_store(seeded)).stdout.decode()
    assert detail["representative"] in text and "representative" in text


def test_json_speaks_the_apis_names_without_microseconds(seeded):
    import warnings

    from newsmon.web import create_app
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    settings, _ = seeded
    listed = [json.loads(line) for line in _cli("clusters", *_store(seeded), "--json")
              .stdout.decode().splitlines()]
    detail = json.loads(_cli("cluster", listed[0]["cluster_id"], *_store(seeded), "--json")
                        .stdout)
    with TestClient(create_app(settings)) as client:
        api_list = client.get("/api/clusters", params={"limit": 500}).json()["items"]
        api_detail = client.get(f"/api/clusters/{listed[0]['cluster_id']}").json()
    assert listed == api_list and detail == api_detail
    times = [c[k] for c in listed for k in ("first_seen", "last_seen", "first_published")]
    times += [m[k] for m in detail["members"] for k in ("published", "fetched_at") if m[k]]
    assert times and all(len(t) == len("2026-11-25T06:00:00+00:00") for t in times), times


def test_an_unknown_source_is_named_with_the_known_ones(seeded):
    for args in (["export", "--format", "jsonl"], ["clusters"]):
        result = _cli(*args, *_store(seeded), "--source", "river-time", check=False)
        stderr = result.stderr.decode().strip()
        assert result.returncode == 2 and not result.stdout
        assert stderr == ("newsmon: unknown source 'river-time'; did you mean river-times? "
                          "known sources: coast-gazette, daily-planet, river-times"), stderr


def test_tables_fit_80_columns_and_never_cut_an_id_or_url(seeded):
    env = {**os.environ, "COLUMNS": "80"}
    listed = [json.loads(line) for line in _cli("clusters", *_store(seeded), "--json")
              .stdout.decode().splitlines()]
    table = subprocess.run([sys.executable, "-m", "newsmon", "clusters", *_store(seeded)],
                           capture_output=True, text=True, env=env, timeout=120).stdout
    assert max(len(line) for line in table.splitlines()) <= 80
    assert all(c["cluster_id"] in table for c in listed) and "…" not in table
    detail = json.loads(_cli("cluster", listed[0]["cluster_id"], *_store(seeded), "--json")
                        .stdout)
    shown = subprocess.run([sys.executable, "-m", "newsmon", "cluster", detail["cluster_id"],
                            *_store(seeded)], capture_output=True, text=True, env=env,
                           timeout=120).stdout
    lines = shown.splitlines()
    for m in detail["members"]:
        assert f"  {m['url']}" in lines  # whole, on a line of its own
        assert any(line.startswith(("* " + m["id"], "  " + m["id"])) for line in lines)


def test_parquet_to_a_terminal_is_refused(seeded):
    import pty

    leader, follower = pty.openpty()  # stdout is a terminal, as when a user forgets --out
    try:
        result = subprocess.run([sys.executable, "-m", "newsmon", "export", *_store(seeded),
                                 "--format", "parquet"], stdout=follower,
                                stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert "Parquet is binary" in result.stderr.decode()


def test_unknown_cluster_is_a_one_line_error(seeded):
    result = _cli("cluster", "nope", *_store(seeded), check=False)
    assert result.returncode == 2
    assert result.stderr.decode().strip().startswith("newsmon: no cluster 'nope'")


@pytest.mark.parametrize("args, message", [
    (["export", "--format", "xml"], "--format 'xml': choose one of jsonl, csv, parquet"),
    (["export", "--format", "jsonl", "--since", "yesterday"],
     "--since 'yesterday': expected a date as YYYY-MM-DD"),
    (["crawl", "--date", "2026-13-01"], "--date '2026-13-01': expected a date as YYYY-MM-DD"),
    (["export", "--format", "jsonl", "--store", "oracle://x"], "unsupported database 'oracle'"),
])
def test_bad_usage_exits_2_with_one_line(args, message):
    result = _cli(*args, check=False)
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2, stderr
    assert message in stderr and len(stderr.splitlines()) == 1 and "Traceback" not in stderr


def test_unreachable_store_exits_1_naming_it():
    result = _cli("clusters", "--store", "postgresql+psycopg://u@127.0.0.1:1/db", check=False)
    stderr = result.stderr.decode().strip()
    assert result.returncode == 1
    assert "127.0.0.1:1/db" in stderr and len(stderr.splitlines()) == 1


def test_parse_prints_one_record_per_file(seeded, tmp_path):
    import gzip

    from crawlers import read_body
    from storage import open_store
    from storage.schema import pages

    settings, _ = seeded
    store = open_store(settings.store_url, settings.data_dir)
    with store.connect() as conn:
        page = conn.execute(pages.select().where(pages.c.kind == "article")).first()
    _, body = read_body(store.data_dir, page.warc_file, page.warc_offset)
    store.close()
    (tmp_path / "a.html").write_bytes(body)
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(body))
    result = _cli("parse", str(tmp_path / "a.html"), str(tmp_path / "b.html.gz"),
                  "--url", page.url)
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["file"] for r in lines] == [str(tmp_path / "a.html"), str(tmp_path / "b.html.gz")]
    assert set(lines[0]) == {"file", "title", "author", "published", "language", "text"}
    assert lines[0]["text"] and {k: v for k, v in lines[0].items() if k != "file"} == \
        {k: v for k, v in lines[1].items() if k != "file"}
    missing = _cli("parse", str(tmp_path / "missing.html"), check=False)
    assert missing.returncode == 2
    assert "missing.html: cannot read" in missing.stderr.decode()

"""`newsmon clusters` filters, `newsmon cluster` diffs, and `newsmon serve` as a user runs them."""

from __future__ import annotations

import json
import os
import re
import select
import socket
import subprocess
import sys
import time
import urllib.request

import storage
from newsmon.core.clusterviews import cluster_detail
from newsmon.core.textdiff import changes, paragraph_diff


def _cli(*args):
    result = subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _store(seeded):
    settings, _ = seeded
    return ["--store", settings.store_url, "--data-dir", str(settings.data_dir)]


def test_clusters_filter_by_source_and_headline(seeded):
    everything = [json.loads(x) for x in _cli("clusters", *_store(seeded), "--min-size", "1",
                                              "--json").splitlines()]
    river = [json.loads(x) for x in _cli("clusters", *_store(seeded), "--min-size", "1",
                                         "--source", "river-times", "--json").splitlines()]
    assert river and all("river-times" in c["sources"] for c in river)
    assert len(river) == sum("river-times" in c["sources"] for c in everything)
    word = everything[0]["title"].split()[-1].upper()  # case-insensitive
    found = [json.loads(x) for x in _cli("clusters", *_store(seeded), "--min-size", "1",
                                         "--search", word, "--json").splitlines()]
    assert everything[0]["cluster_id"] in [c["cluster_id"] for c in found]
    assert set(found[0]) == {"cluster_id", "cluster_size", "sources", "first_seen",
                             "last_seen", "representative", "title", "first_published", "first_source"}


def _edited_cluster(seeded) -> str:
    """A cluster with a copy whose words differ from the representative's."""
    settings, _ = seeded
    store = storage.open_store(settings.store_url, settings.data_dir)
    with store.connect() as conn:
        for info in storage.list_clusters(conn, min_size=2):
            detail = cluster_detail(conn, info.cluster_id)
            if any(m["changes"]["words_added"] or m["changes"]["words_removed"]
                   for m in detail["members"]):
                break
    store.close()
    return info.cluster_id


def test_cluster_shows_similarity_reason_and_word_diff(seeded):
    cluster_id = _edited_cluster(seeded)
    edited = json.loads(_cli("cluster", cluster_id, *_store(seeded), "--json"))
    for m in edited["members"]:
        assert 0 < m["similarity_to_representative"] <= 1
        assert m["is_representative"] == (m["similarity_to_representative"] == 1.0
                                           and m["id"] == edited["representative"])
    kinds = [m["joined_as"] for m in edited["members"]]
    assert kinds.count("founder") == 1 and set(kinds) <= {"founder", "same-text", "copy"}
    text = _cli("cluster", cluster_id, *_store(seeded))
    assert f"chosen as {edited['representative_reason']}" in text
    assert "founder" in text and "copy" in text
    assert "against the representative" in text
    assert "{+" in text or "[-" in text  # words added or cut, marked without colour too


def test_changes_name_headline_and_paragraph_edits():
    rep = "One two three.\nA paragraph that stays the same here.\nCut this whole paragraph now."
    copy = "One two four.\nA paragraph that stays the same here.\nA brand new closing line."
    got = changes("Old headline", rep, "New headline", copy)
    assert got["title_changed"] and got["title_before"] == "Old headline"
    assert got["words_removed"][0] == "three." and "four." in got["words_added"][0]
    assert got["paragraphs_cut"] == ["Cut this whole paragraph now."]
    assert got["paragraphs_added"] == ["A brand new closing line."]
    assert got["paragraphs_edited"] == 1
    assert [r.kind for r in paragraph_diff(rep, copy)] == ["changed", "same", "cut", "added"]


def test_serve_binds_loopback_and_answers(seeded):
    # --port 0: the kernel picks a free port as it binds, and serve says which (a port
    # probed free here could be taken by another process before serve binds it).
    server = subprocess.Popen([sys.executable, "-m", "newsmon", "serve", *_store(seeded),
                               "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        port = _served_port(server)
        body = _wait_for(f"http://127.0.0.1:{port}/api/clusters", server)
        assert json.loads(body)["total"] > 0
        assert _listening_addresses(port) == {"127.0.0.1"}  # loopback only by default
    finally:
        server.terminate()
        server.wait(10)


def _listening_addresses(port: int) -> set[str]:
    """IPv4 addresses listening on `port`, from the kernel's table (state 0A = LISTEN)."""
    found = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hexport = local.split(":")
        if state == "0A" and int(hexport, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def _served_port(server: subprocess.Popen, timeout: float = 30) -> int:
    """The port of serve's "newsmon: serving ... on http://127.0.0.1:PORT/" line (stderr)."""
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline and server.poll() is None:
        ready, _, _ = select.select([server.stderr], [], [], 0.5)
        if ready:
            line = server.stderr.readline()
            seen += line
            found = re.search(r"on http://127\.0\.0\.1:(\d+)/", line)
            if found:
                return int(found.group(1))
    raise AssertionError(f"serve did not say where it listens: {seen[-2000:]!r}")


def _wait_for(url: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not answer: {server.stderr.read()[-2000:]}")
            time.sleep(0.2)

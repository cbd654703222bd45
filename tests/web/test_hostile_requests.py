"""Requests a hostile page or user sends to `newsmon serve`: another origin's Host (DNS
rebinding), NUL bytes, huge numbers and strings, a failure inside a route; each answered
4xx/5xx with every security header, nothing of the code in the answer. And the address:
a busy port or a foreign host is one line before "serving"."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import warnings

import pytest

from newsmon.web import create_app

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _client(settings, hosts=LOOPBACK):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(create_app(settings, hosts), raise_server_exceptions=False)


def _headers_held(response) -> None:
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "Traceback" not in response.text and "File \"" not in response.text


def test_another_origins_host_name_is_refused(web_store):
    with _client(web_store.settings) as client:
        assert client.get("/api/clusters", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/clusters", headers={"host": "[::1]:8000"}).status_code == 200
        evil = client.get("/api/clusters", headers={"host": "rebind.evil.example:8000"})
    assert evil.status_code == 421 and "rebind.evil.example" in evil.json()["detail"]
    _headers_held(evil)


@pytest.mark.parametrize("path, params", [
    ("/api/clusters", {"q": "river\x00park"}),
    ("/clusters", {"q": "x" * 60_000}),
    ("/api/clusters", {"limit": "9" * 40}),
    ("/api/articles", {"limit": "-" + "9" * 30}),
    ("/clusters", {"min_size": "99999999999999999999999"}),
])
def test_values_no_route_can_answer_are_a_400_with_the_headers(web_store, path, params):
    with _client(web_store.settings) as client:
        response = client.get(path, params=params, headers={"host": "127.0.0.1"})
    assert response.status_code == 400, response.text[:300]
    assert list(params)[0] in response.json()["detail"]
    _headers_held(response)


def test_a_failure_inside_a_route_is_a_plain_500_with_the_headers(web_store, tmp_path):
    from dataclasses import replace

    db = tmp_path / "newsmon.db"
    shutil.copy(web_store.settings.store_url.removeprefix("sqlite:///"), db)
    settings = replace(web_store.settings, store_url=f"sqlite:///{db}", data_dir=tmp_path)
    with _client(settings) as client:
        assert client.get("/api/clusters", headers={"host": "127.0.0.1"}).status_code == 200
        import sqlite3
        with sqlite3.connect(db) as conn:  # the store breaks under the running server
            conn.execute("drop table clusters")
        response = client.get("/api/clusters", headers={"host": "127.0.0.1"})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error; see the server's log"}
    _headers_held(response)


def _serve(store_url: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsmon", "serve", "--store", store_url,
                           *args], capture_output=True, text=True, timeout=60)


def test_a_busy_port_or_a_foreign_host_is_one_line_before_serving(web_store):
    url = web_store.settings.store_url
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = _serve(url, "--port", str(port))
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        f"newsmon: --port {port}: 127.0.0.1:{port} is in use by another program; choose "
        "another --port"]
    foreign = _serve(url, "--host", "203.0.113.7", "--port", "0")  # TEST-NET: not ours
    assert foreign.returncode == 2 and "serving" not in foreign.stderr
    assert foreign.stderr.strip().splitlines() == [
        "newsmon: --host 203.0.113.7: not an address of this machine"]


def _lowest_unprivileged_port() -> int:
    try:
        return int(open("/proc/sys/net/ipv4/ip_unprivileged_port_start").read())
    except (OSError, ValueError):
        return 1024


def test_a_privileged_port_is_one_line_before_serving(web_store):
    port = _lowest_unprivileged_port() - 1
    if port < 1:
        pytest.skip("every port may be used without privileges on this machine")
    # Root may listen anywhere; without CAP_NET_BIND_SERVICE it is held to what users get.
    prefix = (["setpriv", "--bounding-set=-net_bind_service"] if os.geteuid() == 0 else [])
    if prefix and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: privileged ports cannot be refused")
    result = subprocess.run([*prefix, sys.executable, "-m", "newsmon", "serve", "--store",
                             web_store.settings.store_url, "--port", str(port)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        f"newsmon: --port {port}: not allowed to listen on 127.0.0.1:{port} (ports below "
        f"{port + 1} need privileges); choose --port {port + 1} or above"]

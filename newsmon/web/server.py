"""`newsmon serve`: uvicorn over the app, after checking the store opens and the address
can be listened on (so neither is ever reported after "serving ...")."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from rich.console import Console

from ..core.settings import Settings, open_settings_store

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServeProblem(Exception):
    """The address cannot be listened on: a port in use, a privileged port, a bad host."""

    exit_code = 2


def serve_forever(settings: Settings, host: str, port: int, console: Console,
                  allowed_hosts: tuple[str, ...] = ()) -> None:
    """Run the server until interrupted; the store and the address are checked first so a
    bad URL or a busy port is one line. `allowed_hosts`: the names the Host header may carry
    (besides `host` itself and, on loopback, the loopback names), against DNS rebinding."""
    import uvicorn

    from .app import create_app

    open_settings_store(settings, create=False).close()
    sock = listen(host, port)
    hosts = allowed_host_names(host, allowed_hosts)
    if host not in LOOPBACK:
        console.print(f"newsmon: serving on {host}: anyone who can reach it can read the store",
                      markup=False)
    console.print(f"newsmon: serving {storage_label(settings)} on http://{_shown(host)}:"
                  f"{sock.getsockname()[1]}/ (API docs at /docs); Ctrl-C stops", markup=False)
    config = uvicorn.Config(create_app(settings, hosts), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


def allowed_host_names(host: str, extra: tuple[str, ...]) -> frozenset[str] | None:
    """None (any Host) when listening on every address without names given."""
    if host in ("0.0.0.0", "::", "") and not extra:
        return None
    names = {host.lower(), *(h.lower() for h in extra)}
    if host in LOOPBACK:
        names.update(LOOPBACK)
    return frozenset(names)


def listen(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeProblem(f"--host {host}: not an address of this machine ({exc.strerror})"
                           ) from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ServeProblem(_why(host, port, exc)) from None
    sock.set_inheritable(True)
    return sock


def _why(host: str, port: int, exc: OSError) -> str:
    where = f"{_shown(host)}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return f"--port {port}: {where} is in use by another program; choose another --port"
    if exc.errno == errno.EACCES:
        first = _first_unprivileged_port()
        return f"--port {port}: not allowed to listen on {where} (ports below {first} need " \
               f"privileges); choose --port {first} or above"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host}: not an address of this machine"
    return f"cannot listen on {where}: {exc.strerror or exc}"


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def storage_label(settings: Settings) -> str:
    from sqlalchemy.engine import make_url
    try:
        return make_url(settings.store_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only a label; the store itself was already opened
        return "the store"


def _first_unprivileged_port() -> int:
    """Linux lets any user listen from this port up (1024 unless the admin changed it)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_unprivileged_port_start").read_text())
    except (OSError, ValueError):
        return 1024

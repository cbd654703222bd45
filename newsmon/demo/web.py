"""DemoWeb: every demo site served on loopback, one ThreadingHTTPServer per site.

Example::

    with DemoWeb() as web:
        write_sources_yaml(tmp_path / "sources.yaml", web.sites)
        ...  # crawl web.sites, then inspect web.request_log
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date

from .handler import LoggedRequest, SiteServer
from .render import render_site
from .resources import Resource
from .sites import SITES, DemoSite, site_spec
from .stories import DEMO_DATE


class DemoWeb:
    """The demo news sites on 127.0.0.1, each on an OS-assigned port, in daemon threads."""

    def __init__(self, demo_date: date = DEMO_DATE, host: str = "127.0.0.1",
                 names: Sequence[str] | None = None) -> None:
        self.demo_date = demo_date
        self.host = host
        self.names = tuple(names) if names else tuple(spec.name for spec in SITES)
        self._servers: list[SiteServer] = []
        self._threads: list[threading.Thread] = []
        self._log: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def __enter__(self) -> DemoWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> DemoWeb:
        """Bind every site, render its pages for the bound URL, and start serving."""
        if self._servers:
            return self
        try:
            for name in self.names:
                site_spec(name)  # unknown names fail before anything is bound
                self._servers.append(SiteServer(name, self.host, self._record))
            for server in self._servers:
                port = server.server_address[1]
                server.base_url = f"http://{self.host}:{port}/"
                spec = site_spec(server.site_name)
                server.resources = render_site(spec, server.base_url, self.demo_date)
        except BaseException:
            self.stop()
            raise
        for server in self._servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                      name=f"demo-{server.site_name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving and release the ports; safe to call more than once."""
        for server, thread in zip(self._servers, self._threads):
            server.shutdown()
            thread.join(timeout=5)
        for server in self._servers:
            server.server_close()
        self._servers, self._threads = [], []

    @property
    def sites(self) -> list[DemoSite]:
        """The running sites, in SITES order."""
        return [DemoSite(s.site_name, s.base_url) for s in self._servers]

    def site(self, name: str) -> DemoSite:
        """The running site called ``name``."""
        for site in self.sites:
            if site.name == name:
                return site
        raise KeyError(f"demo site {name!r} is not running")

    def resources(self, name: str) -> dict[str, Resource]:
        """The rendered resources of the running site ``name``, keyed by path."""
        for server in self._servers:
            if server.site_name == name:
                return dict(server.resources)
        raise KeyError(f"demo site {name!r} is not running")

    @property
    def request_log(self) -> list[LoggedRequest]:
        """A snapshot of every request answered so far, in arrival order."""
        with self._lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)

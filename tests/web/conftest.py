"""A seeded store with one hostile article, served by FastAPI's TestClient and by real uvicorn."""

from __future__ import annotations

import os
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsmon.core.settings import Settings, services_required
from newsmon.web import create_app
from tests.newsmon.conftest import seed
from tests.web.hostile import add_hostile_article


@dataclass(frozen=True)
class WebStore:
    settings: Settings
    figures: dict
    xss_article: str
    xss_cluster: str

@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> WebStore:
    tmp = tmp_path_factory.mktemp("web")
    settings, figures = seed(tmp, f"sqlite:///{tmp / 'store' / 'newsmon.db'}")
    article_id, cluster_id = add_hostile_article(settings)
    return WebStore(settings, figures, article_id, cluster_id)


@pytest.fixture(scope="session")
def client(web_store):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette asks for httpx2; httpx works
        from fastapi.testclient import TestClient
    with TestClient(create_app(web_store.settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(web_store):
    """The app under real uvicorn on 127.0.0.1, an ephemeral port; yields its base URL."""
    yield from serve(web_store.settings)


def serve(settings: Settings):
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1",
                                           port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module: Playwright's sync API holds an event loop while it runs, and
    later modules' asyncio.run() (Prefect clients) must not find it."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian package `chromium`; .ci/run installs it)"
        if services_required():
            pytest.fail(message + " and NEWSMON_REQUIRE_SERVICES=1")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright's own browser download does not work here; use the system Chromium.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.dialogs = []  # every alert()/confirm() the page tries
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.requests = []  # every URL the page asked for
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.blocked = []  # ...and those the Content-Security-Policy stopped before the network
    tab.on("requestfailed", lambda request: request.failure == "csp" and
           tab.blocked.append(request.url))
    yield tab
    context.close()


def screenshot(page, name: str) -> None:
    """With NEWSMON_SCREENSHOTS=DIR, keep a full-page picture of what the test looked at."""
    folder = os.environ.get("NEWSMON_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

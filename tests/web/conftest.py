"""A seeded store with one hostile article, served by FastAPI's TestClient and by real uvicorn."""

from __future__ import annotations

import threading
import time
import warnings
from dataclasses import dataclass

import pytest

from newsmon.core.settings import Settings
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
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(web_store.settings), host="127.0.0.1",
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

"""Shared fixtures: real SQLite files, throwaway PostgreSQL databases, the services rule."""

from __future__ import annotations

import socket
import uuid
from contextlib import contextmanager

import pytest

from newsmon.core.settings import quiet_prefect, services_required

quiet_prefect()  # tests run flows too; they must not phone home either

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need_service(name: str, port: int) -> None:
    """Skip with a reason when a local service is down, unless CI requires it."""
    if _reachable("127.0.0.1", port):
        return
    message = f"{name} is not running on 127.0.0.1:{port}"
    if services_required():
        pytest.fail(message + " and NEWSMON_REQUIRE_SERVICES=1")
    pytest.skip(message)


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store' / 'newsmon.db'}"


@contextmanager
def pg_database():
    """A fresh PostgreSQL database (its store URL), dropped afterwards."""
    need_service("PostgreSQL", 5432)
    import psycopg

    name = f"newsmon_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    with pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'newsmon.db'}"
    return request.getfixturevalue("postgres_url")

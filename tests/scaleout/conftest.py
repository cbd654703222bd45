"""Scale-out fixtures: Redis with a key prefix per test (deleted afterwards)."""

from __future__ import annotations

import pytest

from tests.conftest import need_service

REDIS = "redis://127.0.0.1:6379/0"


def drop_prefix(prefix: str) -> None:
    """Delete every key under `prefix:` (one test's keys)."""
    import redis

    client = redis.Redis.from_url(REDIS)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def redis_url():
    """The local Redis; callers clean up the prefix of the store they used."""
    need_service("Redis", 6379)
    return REDIS

"""Scale-out fixtures: Redis with a key prefix per test (deleted afterwards)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from tests.conftest import need_service

REDIS = "redis://127.0.0.1:6379/13"  # not db 0: a local Redis may hold real data there
BUCKET = "newsmon-archive"  # on moto's S3 server (tests of the archive on object storage)


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


@contextmanager
def fresh_bands(prefix: str, config):
    """An empty compact index (RedisBands) under `prefix`, a test's own keys, dropped after."""
    from dedupe.redis_bands import RedisBands
    from redis.connection import parse_url

    drop_prefix(prefix)
    index = RedisBands(parse_url(REDIS), prefix, config)
    try:
        index.clear()
        yield index
    finally:
        drop_prefix(prefix)


@pytest.fixture
def redis_url():
    """The local Redis; callers clean up the prefix of the store they used."""
    need_service("Redis", 6379)
    return REDIS


@pytest.fixture(scope="module")
def s3_server():
    pytest.importorskip("s3fs")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()  # port 0: bound by the kernel as it listens, so no other process has it
    _, port = server.get_host_and_port()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    """A fresh bucket; the AWS_* variables reach the crawl subprocess too."""
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1",
                        "AWS_ENDPOINT_URL": s3_server}.items():
        monkeypatch.setenv(name, value)
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    fs = s3fs.S3FileSystem()
    if fs.exists(BUCKET):
        fs.rm(BUCKET, recursive=True)
    fs.mkdir(BUCKET)
    yield fs
    fs.rm(BUCKET, recursive=True)

"""Pipelined Redis commands as raw bytes, and their replies located in one compiled pass.

The compact index (redis_bands.py) sends tens of thousands of HMGET/HSET commands per
batch. redis-py would parse every reply (and every item of an HMGET reply) in Python,
which costs more than Redis takes to answer; here the packed commands (band_resp.py) go
out over one of the client's own connections (so AUTH, db and TLS are the client's),
the replies are read into one growing byte array, and `scan` walks them once, recording
where each item starts and how long it is (-1: nil). `scan` (band_kernels.py) is compiled by
numba, loaded on first use. The one private thing used is the connection's socket
(`Connection._sock`, redis-py 5 and 6), read only between our own sends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Replies", "Wire", "roundtrip"]


@dataclass(frozen=True)
class Replies:
    """The replies' bytes and each item's place: `data[off[i]:off[i] + length[i]]`."""

    data: np.ndarray
    off: np.ndarray
    length: np.ndarray

    def values(self, picked: np.ndarray) -> list[bytes]:
        raw = self.data
        return [raw[o:o + n].tobytes() for o, n in zip(self.off[picked].tolist(),
                                                       self.length[picked].tolist())]


def roundtrip(client, packed: list[bytes], replies: int, items: int) -> Replies:
    """Send `packed` (commands giving `replies` top-level replies holding `items` items
    in all: an HMGET's fields, or one per other command) and read every reply."""
    with Wire(client) as wire:
        wire.send(packed, replies, items)
        return wire.read()


class Wire:
    """One connection of the client's pool, held for a series of send/read: Redis works
    through what was sent while the caller packs the next commands."""

    def __init__(self, client) -> None:
        self.pool = client.connection_pool
        self.conn = self.pool.get_connection()
        self.pending = (0, 0)  # replies and items sent for, not read yet

    def send(self, packed: list[bytes], replies: int, items: int) -> None:
        """Send now (Redis starts on them); the replies are read by the next read()."""
        for data in packed:
            self.conn.send_packed_command([data], check_health=False)
        self.pending = (self.pending[0] + replies, self.pending[1] + items)

    def read(self) -> Replies:
        """The replies of everything sent since the last read, in order."""
        out = _read(self.conn, *self.pending)
        self.pending = (0, 0)
        return out

    def __enter__(self) -> "Wire":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None or self.pending[0]:
            self.conn.disconnect()  # replies left unread: the connection must not be reused
        self.pool.release(self.conn)


def _read(conn, replies: int, items: int) -> Replies:
    import redis

    from .band_kernels import scan

    sock = conn._sock
    buf = np.empty(1 << 16, np.uint8)
    off, length = np.empty(max(items, 1), np.int64), np.empty(max(items, 1), np.int64)
    filled = pos = done = found = 0
    while done < replies:
        if filled == buf.size:
            buf = np.concatenate((buf, np.empty(buf.size, np.uint8)))
        try:  # as redis-py reports them, so callers catch one kind of error
            got = sock.recv_into(memoryview(buf)[filled:])  # type: ignore[arg-type]
        except TimeoutError as exc:
            raise redis.TimeoutError(f"Timeout reading from Redis: {exc}") from exc
        except OSError as exc:
            raise redis.ConnectionError(f"Error reading from Redis: {exc}") from exc
        if not got:
            raise redis.ConnectionError("Redis closed the connection")
        filled += got
        pos, step, found, error = scan(buf, filled, pos, replies - done, off, length, found)
        done += step
        if error == -3:
            raise redis.ResponseError(f"more reply items than the {items} expected")
        if error >= 0:
            end = bytes(buf[error:filled]).find(b"\r\n")
            raise redis.ResponseError(bytes(buf[error + 1:error + end]).decode(errors="replace"))
    if found != items or pos != filled:
        raise redis.ResponseError(f"expected {items} reply items, got {found}")
    return Replies(buf[:filled], off, length)

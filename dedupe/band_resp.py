"""A rebuild's band tables as raw Redis protocol, built with numpy (no Python per entry).

A rebuild writes tens of millions of (bucket, members) fields into empty hashes: one
`HSET <key> <field> <members> ...` per hash. Packing those commands through redis-py
would cost a Python call per argument, and a Lua loop a few hundred ns per entry; here
the commands of a whole chunk of hashes are laid out in one uint8 array by vectorized
index arithmetic and sent as one write. Buckets whose members exceed the listpack value
limit get '' in the hash and their members in a spill key (redis_bands.py), written by
ordinary SET commands (few: one per band of a widely copied story).
"""

from __future__ import annotations

import numpy as np

__all__ = ["hset_commands"]


def _scatter(out: np.ndarray, starts: np.ndarray, data: np.ndarray) -> None:
    """out[starts[i] + j] = data[i, j] for every row i of `data`."""
    if starts.size:
        out[(starts[:, None] + np.arange(data.shape[1])).ravel()] = data.ravel()


def _ragged(out: np.ndarray, starts: np.ndarray, pieces: list[bytes]) -> None:
    """Variable-length `pieces` written at `starts`."""
    if not pieces:
        return
    flat = np.frombuffer(b"".join(pieces), np.uint8)
    lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
    offsets = np.cumsum(lengths) - lengths
    within = np.arange(flat.size) - np.repeat(offsets, lengths)
    out[np.repeat(starts, lengths) + within] = flat


def hset_commands(base: bytes, records: np.ndarray, field_len: int, limit: int
                  ) -> tuple[bytes, int, list[tuple[bytes, bytes]]]:
    """(protocol bytes of the HSETs, how many commands, spills as (key, members)).

    `records`: sorted unique rows (suffix 4 | field | member 8) as uint8.
    """
    head = 4 + field_len
    keys = records[:, :head]
    group_first = np.ones(len(records), bool)
    group_first[1:] = np.any(keys[1:] != keys[:-1], axis=1)
    groups = np.flatnonzero(group_first)
    count = np.diff(np.append(groups, len(records)))  # members per bucket
    suffix = records[groups, :4]
    key_first = np.ones(len(groups), bool)
    key_first[1:] = np.any(suffix[1:] != suffix[:-1], axis=1)
    key_of = np.cumsum(key_first) - 1
    pairs_per_key = np.bincount(key_of)
    spilled = count * 8 > limit
    vlen = np.where(spilled, 0, count * 8)

    field_head = f"${field_len}\r\n".encode()
    digits = [f"\r\n${v}\r\n".encode() for v in range(0, limit + 1)]
    key_len = len(base) + 4
    headers = [f"*{2 + 2 * p}\r\n$4\r\nHSET\r\n${key_len}\r\n".encode() + base
               for p in pairs_per_key.tolist()]
    header_len = np.fromiter(map(len, headers), np.int64, len(headers)) + 4 + 2
    digit_len = np.array([len(d) for d in digits], np.int64)[vlen]
    pair_len = len(field_head) + field_len + digit_len + vlen + 2
    seg = pair_len + np.where(key_first, header_len[key_of], 0)
    start = np.cumsum(seg) - seg
    out = np.zeros(int(seg.sum()), np.uint8)

    key_start = start[key_first]
    _ragged(out, key_start, headers)
    after = key_start + header_len - 6
    _scatter(out, after, suffix[key_first])
    _scatter(out, after + 4, np.frombuffer(b"\r\n", np.uint8)[None, :].repeat(len(after), 0))
    pair = start + np.where(key_first, header_len[key_of], 0)
    _scatter(out, pair, np.frombuffer(field_head, np.uint8)[None, :].repeat(len(pair), 0))
    _scatter(out, pair + len(field_head), records[groups, 4:head])
    value_at = pair + len(field_head) + field_len
    for v in np.unique(vlen).tolist():
        rows = np.flatnonzero(vlen == v)
        _scatter(out, value_at[rows], np.frombuffer(digits[v], np.uint8)[None, :].repeat(
            len(rows), 0))
    value_at = value_at + digit_len
    inline = np.repeat(~spilled, count)
    member_rank = np.arange(len(records)) - np.repeat(groups, count)
    member_at = np.repeat(value_at, count) + 8 * member_rank
    _scatter(out, member_at[inline], records[inline, head:])
    _scatter(out, value_at + vlen, np.frombuffer(b"\r\n", np.uint8)[None, :].repeat(
        len(groups), 0))
    spills = [(base + b"x" + records[g, :head].tobytes(),
               records[g:g + c, head:].tobytes()) for g, c in
              zip(groups[spilled].tolist(), count[spilled].tolist())]
    return out.tobytes(), len(headers), spills


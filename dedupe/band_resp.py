"""The compact index's commands as raw Redis protocol, packed without Python per entry.

A rebuild writes tens of millions of (bucket, members) fields into empty hashes: one
`HSET <key> <field> <members> ...` per hash. Packing those commands through redis-py
would cost a Python call per argument, and a Lua loop a few hundred ns per entry; here
the commands of a whole chunk of hashes are laid out in one uint8 array, by numba
loops (band_kernels.py) or, without numba, by vectorized index arithmetic, and sent as
one write (band_wire.py). Look-ups and adds read buckets with HMGET, packed alike. Buckets whose members exceed the listpack value
limit get '' in the hash and their members in a spill key (redis_bands.py), written by
ordinary SET commands (few: one per band of a widely copied story).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["hmget_commands", "hset_commands"]


_HSET, _HMGET = np.frombuffer(b"HSET", np.uint8), np.frombuffer(b"HMGET", np.uint8)


def _kernels():
    """band_kernels when numba compiles it, else None (numpy packs, ~10x slower)."""
    return None if _NUMPY_ONLY else _compiled()


@lru_cache(maxsize=1)
def _compiled():
    from . import band_kernels

    return band_kernels if band_kernels.COMPILED else None


_NUMPY_ONLY = False  # tests set it to compare the numpy packers with the compiled ones


def _scatter(out: np.ndarray, starts: np.ndarray, data: np.ndarray) -> None:
    """out[starts[i] + j] = data[i, j] for every row i of `data`."""
    if starts.size:
        out[(starts[:, None] + np.arange(data.shape[1])).ravel()] = data.ravel()


def _headers(name: str, argc, counts: np.ndarray, base: bytes
             ) -> tuple[dict[int, bytes], np.ndarray]:
    """Each command's header as far as its key's 4-byte suffix (`*argc $n NAME $len base`):
    one template per count of arguments, and every command's header length with the
    suffix and its CRLF."""
    sizes = np.unique(counts)
    templates = {c: f"*{argc(c)}\r\n${len(name)}\r\n{name}\r\n${len(base) + 4}\r\n".encode()
                 + base for c in sizes.tolist()}
    header_len = np.array([len(templates[c]) + 6 for c in sizes.tolist()],
                          np.int64)[np.searchsorted(sizes, counts)]
    return templates, header_len


def _write_headers(out: np.ndarray, at: np.ndarray, counts: np.ndarray,
                   templates: dict[int, bytes], header_len: np.ndarray,
                   suffixes: np.ndarray) -> None:
    """Write each command's header (from `_headers`) at `at`: template, key suffix, CRLF."""
    for c, template in templates.items():
        which = np.flatnonzero(counts == c)
        _scatter(out, at[which], np.frombuffer(template, np.uint8)[None, :].repeat(
            len(which), 0))
    tail = at + header_len - 6
    _scatter(out, tail, suffixes)
    _scatter(out, tail + 4, np.frombuffer(b"\r\n", np.uint8)[None, :].repeat(len(tail), 0))


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
    spills = [(base + b"x" + records[g, :head].tobytes(),
               records[g:g + c, head:].tobytes()) for g, c in
              zip(groups[spilled].tolist(), count[spilled].tolist())]
    kernels = _kernels()
    if kernels is not None:
        data = kernels.pack_hset(_HSET, np.frombuffer(base, np.uint8),
                                 np.ascontiguousarray(records), groups,
                                 count, key_first, pairs_per_key, vlen)
        return data.tobytes(), len(pairs_per_key), spills

    field_head = f"${field_len}\r\n".encode()
    digits = [f"\r\n${v}\r\n".encode() for v in range(0, limit + 1)]
    templates, header_len = _headers("HSET", lambda p: 2 + 2 * p, pairs_per_key, base)
    digit_len = np.array([len(d) for d in digits], np.int64)[vlen]
    pair_len = len(field_head) + field_len + digit_len + vlen + 2
    seg = pair_len + np.where(key_first, header_len[key_of], 0)
    start = np.cumsum(seg) - seg
    out = np.zeros(int(seg.sum()), np.uint8)

    _write_headers(out, start[key_first], pairs_per_key, templates, header_len,
                   suffix[key_first])
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
    return out.tobytes(), len(pairs_per_key), spills



def hmget_commands(base: bytes, heads: np.ndarray, field_len: int, most: int
                   ) -> tuple[bytes, int, np.ndarray]:
    """(protocol bytes of the HMGETs, how many commands, fields per command) asking for
    every row of `heads` (suffix 4 | field), rows of one key consecutive; at most `most`
    fields per command. The reply items come back in the order of `heads`."""
    n = len(heads)
    first = np.ones(n, bool)
    first[1:] = np.any(heads[1:, :4] != heads[:-1, :4], axis=1)
    key_start = np.flatnonzero(first)
    rank = np.arange(n) - np.repeat(key_start, np.diff(np.append(key_start, n)))
    first |= rank % max(most, 1) == 0  # a long run of one key: several commands
    starts = np.flatnonzero(first)
    per = np.diff(np.append(starts, n))
    kernels = _kernels()
    if kernels is not None:
        data = kernels.pack_hmget(_HMGET, np.frombuffer(base, np.uint8),
                                  np.ascontiguousarray(heads), starts, per)
        return data.tobytes(), len(starts), per
    field_head = f"${field_len}\r\n".encode()
    part = np.concatenate([np.frombuffer(field_head, np.uint8)[None, :].repeat(n, 0),
                           heads[:, 4:], np.frombuffer(b"\r\n", np.uint8)[None, :].repeat(n, 0)],
                          axis=1)
    templates, header_len = _headers("HMGET", lambda k: 2 + k, per, base)
    seg = np.full(n, part.shape[1], np.int64)
    seg[starts] += header_len
    at = np.cumsum(seg) - seg
    out = np.empty(int(seg.sum()), np.uint8)
    _write_headers(out, at[starts], per, templates, header_len, heads[starts, :4])
    field_at = at.copy()
    field_at[starts] += header_len
    _scatter(out, field_at, part)
    return out.tobytes(), len(starts), per

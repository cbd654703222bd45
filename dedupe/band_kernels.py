"""The compact index's protocol loops, compiled by numba: the reply scanner of
band_wire.py and the HMGET/HSET packers of band_resp.py (byte by byte, ~10x faster than
numpy's scatters). Imported on first use only (numba costs ~0.2 s and ~100 MB to
import); without numba, `scan` runs as plain Python (correct, only slower) and band_resp.py
packs with numpy."""

from __future__ import annotations

import numpy as np

try:
    from numba import njit

    _jit = njit(cache=True, nogil=True, boundscheck=False)
    COMPILED = True
except ImportError:  # pragma: no cover - numba is a dependency; this keeps it optional
    def _jit(function):
        return function

    COMPILED = False

__all__ = ["pack_hmget", "pack_hset", "scan"]

_CR, _LF, _STAR, _DOLLAR, _MINUS, _UNDERSCORE = 13, 10, 42, 36, 45, 95


@_jit
def _line_end(buf, pos, n):
    """Index of the CR ending the line at `pos`, or -1 when it is not all there yet."""
    while pos + 1 < n:
        if buf[pos] == _CR and buf[pos + 1] == _LF:
            return pos
        pos += 1
    return -1


@_jit
def _number(buf, first, end):
    sign, value = 1, 0
    if buf[first] == _MINUS:
        sign, first = -1, first + 1
    for i in range(first, end):
        value = value * 10 + (buf[i] - 48)
    return sign * value


@_jit
def _item(buf, n, pos):
    """One non-array reply at `pos`: (next position, offset, length), length -1 for nil
    and -2 for an integer or status; next position -1: not all received, -2: an error."""
    if buf[pos] == _MINUS:
        return -2, pos, 0
    end = _line_end(buf, pos, n)
    if end < 0:
        return -1, 0, 0
    head = buf[pos]
    if head == _DOLLAR:
        size = _number(buf, pos + 1, end)
        if size < 0:
            return end + 2, end + 2, -1
        if end + 4 + size > n:
            return -1, 0, 0
        return end + 4 + size, end + 2, size
    if head == _UNDERSCORE:  # RESP3's nil
        return end + 2, end + 2, -1
    return end + 2, pos + 1, -2


@_jit
def scan(buf, n, pos, replies, off, length, items):
    """Walk up to `replies` complete top-level replies of buf[:n] from `pos`; each item (a
    bulk string, also inside an array, or an integer) gets its offset and length at index
    `items` on. Returns (position, replies done, items recorded, offset of an error reply,
    -3 when there are more items than `off` holds, else -1); a reply not all received yet is left whole for the next call."""
    done = 0
    while done < replies and pos < n:
        start, first_item = pos, items
        if buf[pos] == _STAR:  # an array of bulk strings (HMGET)
            end = _line_end(buf, pos, n)
            if end < 0:
                break
            count = _number(buf, pos + 1, end)
            pos = end + 2
        else:
            count = -1
        todo = 1 if count < 0 else count
        while todo > 0:
            if pos >= n:
                pos = -1
                break
            nxt, at, size = _item(buf, n, pos)
            if nxt == -2:
                return start, done, first_item, at
            pos = nxt
            if nxt < 0:
                break
            if items >= off.shape[0]:  # more items than the commands asked for
                return start, done, first_item, -3
            off[items], length[items] = at, size
            items += 1
            todo -= 1
        if pos < 0:
            return start, done, first_item, -1
        done += 1
    return pos, done, items, -1


@_jit
def _put_int(out, pos, value):
    """Write `value` (>= 0) in decimal at `pos`; returns the position after it."""
    digits = 1
    rest = value // 10
    while rest:
        digits += 1
        rest //= 10
    for i in range(digits - 1, -1, -1):
        out[pos + i] = 48 + value % 10
        value //= 10
    return pos + digits


@_jit
def _int_len(value):
    digits = 1
    while value >= 10:
        digits += 1
        value //= 10
    return digits


@_jit
def _put(out, pos, data):
    for i in range(data.size):
        out[pos + i] = data[i]
    return pos + data.size


@_jit
def _bulk_head(out, pos, size):
    """`$<size>\\r\\n` at `pos`."""
    out[pos] = _DOLLAR
    pos = _put_int(out, pos + 1, size)
    out[pos], out[pos + 1] = _CR, _LF
    return pos + 2


@_jit
def _command_head(out, pos, name, args, base, suffix):
    """`*<args>\\r\\n$<len>\\r\\n<name>\\r\\n$<key len>\\r\\n<base><suffix>\\r\\n`."""
    out[pos] = _STAR
    pos = _put_int(out, pos + 1, args)
    out[pos], out[pos + 1] = _CR, _LF
    pos = _bulk_head(out, pos + 2, name.size)
    pos = _put(out, pos, name)
    out[pos], out[pos + 1] = _CR, _LF
    pos = _bulk_head(out, pos + 2, base.size + suffix.size)
    pos = _put(out, _put(out, pos, base), suffix)
    out[pos], out[pos + 1] = _CR, _LF
    return pos + 2


@_jit
def pack_hmget(name, base, heads, starts, per):
    """HMGET commands: command c asks for heads[starts[c]:starts[c] + per[c]] (rows of
    suffix 4 | field) of key base + suffix. Returns the protocol bytes."""
    field_len = heads.shape[1] - 4
    size = 0
    for c in range(starts.size):
        size += (1 + _int_len(2 + per[c]) + 2 + 1 + _int_len(name.size) + 2 + name.size + 2
                 + 1 + _int_len(base.size + 4) + 2 + base.size + 4 + 2)
    size += heads.shape[0] * (1 + _int_len(field_len) + 2 + field_len + 2)
    out = np.empty(size, np.uint8)
    pos = 0
    for c in range(starts.size):
        first = starts[c]
        pos = _command_head(out, pos, name, 2 + per[c], base, heads[first, :4])
        for r in range(first, first + per[c]):
            pos = _bulk_head(out, pos, field_len)
            for j in range(4, 4 + field_len):  # no slices: a slice per field costs more
                out[pos] = heads[r, j]
                pos += 1
            out[pos], out[pos + 1] = _CR, _LF
            pos += 2
    return out


@_jit
def pack_hset(name, base, records, groups, count, key_first, pairs, vlen):
    """HSET commands writing each group (bucket) of `records` (suffix 4 | field |
    member 8, grouped) as one field whose value is its members, or '' when spilled
    (vlen 0); a command per key (key_first marks a key's first group, pairs its
    groups). Returns the protocol bytes."""
    head = records.shape[1] - 8
    field_len = head - 4
    size = 0
    k = 0
    for g in range(groups.size):
        if key_first[g]:
            size += (1 + _int_len(2 + 2 * pairs[k]) + 2 + 1 + _int_len(name.size) + 2
                     + name.size + 2 + 1 + _int_len(base.size + 4) + 2 + base.size + 4 + 2)
            k += 1
        size += (1 + _int_len(field_len) + 2 + field_len + 2
                 + 1 + _int_len(vlen[g]) + 2 + vlen[g] + 2)
    out = np.empty(size, np.uint8)
    pos = 0
    k = 0
    for g in range(groups.size):
        first = groups[g]
        if key_first[g]:
            pos = _command_head(out, pos, name, 2 + 2 * pairs[k], base, records[first, :4])
            k += 1
        pos = _bulk_head(out, pos, field_len)
        for j in range(4, head):
            out[pos] = records[first, j]
            pos += 1
        out[pos], out[pos + 1] = _CR, _LF
        pos = _bulk_head(out, pos + 2, vlen[g])
        if vlen[g]:
            for r in range(first, first + count[g]):
                for j in range(head, head + 8):
                    out[pos] = records[r, j]
                    pos += 1
        out[pos], out[pos + 1] = _CR, _LF
        pos += 2
    return out

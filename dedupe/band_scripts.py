"""The Lua script that removes members from the compact Redis band index (redis_bands.py).

A batch travels as ONE blob of fixed-size records, so a removal is a few EVALSHA calls.
Look-ups and adds no longer run in Lua: a `redis.call` costs ~1.5 us inside a script,
more than Redis takes for a pipelined HMGET, so they send pipelined HMGET/HSET commands
packed by numba (band_resp.py, band_wire.py), 2-3x faster (bench/redis_index.py).

Record: key suffix (4 bytes: band, then 3 bytes of partition) | field (the band's bytes,
`FL` long) | member (8 bytes: the article id as a big-endian integer; lookups send none).
A field's value is its members concatenated; when it would exceed the server's listpack
value limit the members move to a string key `<base>x<suffix><field>` (a "spill") and the
field holds '' as a marker, so one syndicated story copied a hundred times does not turn
its hashes into large hashtables.
"""

from __future__ import annotations

_COMMON = r"""
local base, blob, fl, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
-- Position of member m (8 bytes) in s, on an 8-byte boundary, or nil.
local function find(s, m)
  local p = string.find(s, m, 1, true)
  while p and (p - 1) % 8 ~= 0 do p = string.find(s, m, p + 1, true) end
  return p
end
local function without(s, m)
  local p = find(s, m)
  if not p then return s end
  return string.sub(s, 1, p - 1) .. string.sub(s, p + 8)
end
"""

# Removes each record's member from its field; fields left empty are deleted. Returns how
# many members were removed (members that were not there are skipped).
REMOVE = _COMMON + r"""
local rec = 4 + fl + 8
local removed = 0
for i = 1, #blob, rec do
  local suffix = string.sub(blob, i, i + 3)
  local key = base .. suffix
  local field = string.sub(blob, i + 4, i + 3 + fl)
  local member = string.sub(blob, i + 4 + fl, i + rec - 1)
  local v = redis.call('HGET', key, field)
  if v == '' then
    local spill = base .. 'x' .. suffix .. field
    local s = redis.call('GET', spill) or ''
    local left = without(s, member)
    if #left < #s then
      removed = removed + 1
      if #left == 0 then
        redis.call('DEL', spill)
        redis.call('HDEL', key, field)
      else
        redis.call('SET', spill, left)
      end
    end
  elseif v then
    local left = without(v, member)
    if #left < #v then
      removed = removed + 1
      if #left == 0 then redis.call('HDEL', key, field) else redis.call('HSET', key, field, left) end
    end
  end
end
return removed
"""

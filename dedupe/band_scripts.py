"""Lua scripts of the compact Redis band index (redis_bands.py), run inside Redis.

A batch travels as ONE blob of fixed-size records sorted by Redis key, so a whole batch is
a few EVALSHA calls instead of a command per band per article (Python could not pack 40
commands per article fast enough). Each script walks the records, groups consecutive
records of one key, and touches that key with one HMGET (and one HSET) per group.

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

# Returns the members of every requested field, concatenated (8 bytes each).
LOOKUP = _COMMON + r"""
local rec = 4 + fl
local out, fields = {}, {}
local n, nf, current = 0, 0, nil
local function flush()
  if nf == 0 then return end
  local found = redis.call('HMGET', base .. current, unpack(fields, 1, nf))
  for k = 1, nf do
    local v = found[k]
    if v then
      if v == '' then v = redis.call('GET', base .. 'x' .. current .. fields[k]) or '' end
      n = n + 1
      out[n] = v
    end
  end
  nf = 0
end
for i = 1, #blob, rec do
  local suffix = string.sub(blob, i, i + 3)
  if suffix ~= current or nf >= 4000 then flush(); current = suffix end
  nf = nf + 1
  fields[nf] = string.sub(blob, i + 4, i + 3 + fl)
end
flush()
return table.concat(out)
"""

# Adds each record's member to its field (skipping members already there); returns how
# many were added. Records of one field are consecutive (the client sorts them). With
# ARGV[5] == '1' the index was empty before this load (a rebuild), so only the first key
# of a call is read first: the previous call may have ended inside it.
ADD = _COMMON + r"""
local empty, first = ARGV[5] == '1', true
local rec = 4 + fl + 8
local added = 0
local current, fields, members, nf = nil, {}, {}, 0
-- The field's new value ('' once spilled), or nil when nothing changes. v: its value now
-- ('' = spilled, false = no such field); m: the members to add.
local function merge(field, v, m)
  if not v then
    added = added + #m / 8
    if #m <= limit then return m end
    redis.call('SET', base .. 'x' .. current .. field, m)
    return ''
  end
  local spilled = v == ''
  local spill = spilled and base .. 'x' .. current .. field
  local merged = spilled and (redis.call('GET', spill) or '') or v
  local fresh = {}
  for j = 1, #m, 8 do
    local one = string.sub(m, j, j + 7)
    if not find(merged, one) then fresh[#fresh + 1] = one end
  end
  if #fresh == 0 then return nil end
  added = added + #fresh
  if spilled then redis.call('APPEND', spill, table.concat(fresh)); return nil end
  merged = merged .. table.concat(fresh)
  if #merged <= limit then return merged end
  redis.call('SET', base .. 'x' .. current .. field, merged)
  return ''
end
local function flush()
  if nf == 0 then return end
  local key = base .. current
  local old = (empty and not first) and {} or redis.call('HMGET', key, unpack(fields, 1, nf))
  first = false
  local args, na = {}, 0
  for k = 1, nf do
    local value = merge(fields[k], old[k], members[k])
    if value then
      args[na + 1] = fields[k]
      args[na + 2] = value
      na = na + 2
    end
  end
  if na > 0 then redis.call('HSET', key, unpack(args, 1, na)) end
  nf = 0
end
local last_field = nil
for i = 1, #blob, rec do
  local suffix = string.sub(blob, i, i + 3)
  local field = string.sub(blob, i + 4, i + 3 + fl)
  if suffix ~= current then
    flush(); current = suffix; last_field = nil
  elseif nf >= 2000 and field ~= last_field then
    flush(); first = true  -- the rest of this key: read what the flush just wrote
  end
  if field == last_field then
    members[nf] = members[nf] .. string.sub(blob, i + 4 + fl, i + rec - 1)
  else
    nf = nf + 1
    fields[nf] = field
    members[nf] = string.sub(blob, i + 4 + fl, i + rec - 1)
    last_field = field
  end
end
flush()
return added
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

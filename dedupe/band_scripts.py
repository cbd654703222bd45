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
local function without(s, m)
  for j = 1, #s, 8 do
    if string.sub(s, j, j + 7) == m then return string.sub(s, 1, j - 1) .. string.sub(s, j + 8) end
  end
  return s
end
local function has(s, m)
  for j = 1, #s, 8 do
    if string.sub(s, j, j + 7) == m then return true end
  end
  return false
end
"""

# Returns the members of every requested field, concatenated (8 bytes each).
LOOKUP = _COMMON + r"""
local rec = 4 + fl
local out, fields, suffixes = {}, {}, {}
local current = nil
local function flush()
  if #fields == 0 then return end
  local found = redis.call('HMGET', base .. current, unpack(fields))
  for k = 1, #fields do
    local v = found[k]
    if v then
      if v == '' then v = redis.call('GET', base .. 'x' .. current .. fields[k]) or '' end
      out[#out + 1] = v
    end
  end
  fields = {}
end
for i = 1, #blob, rec do
  local suffix = string.sub(blob, i, i + 3)
  if suffix ~= current or #fields >= 4000 then flush(); current = suffix end
  fields[#fields + 1] = string.sub(blob, i + 4, i + 3 + fl)
end
flush()
return table.concat(out)
"""

# Adds each record's member to its field (skipping members already there); returns how
# many were added. Records of one field must be consecutive (the client sorts them).
ADD = _COMMON + r"""
local rec = 4 + fl + 8
local added = 0
local current, fields, members = nil, {}, {}
local function flush()
  if #fields == 0 then return end
  local old = redis.call('HMGET', base .. current, unpack(fields))
  local pairs_ = {}
  for k = 1, #fields do
    local v, m = old[k] or '', members[k]
    local spill = base .. 'x' .. current .. fields[k]
    if v == '' and old[k] then
      local s = redis.call('GET', spill) or ''
      local fresh = ''
      for j = 1, #m, 8 do
        local one = string.sub(m, j, j + 7)
        if not has(s, one) then fresh = fresh .. one; added = added + 1 end
      end
      if #fresh > 0 then redis.call('APPEND', spill, fresh) end
    else
      local merged = v
      for j = 1, #m, 8 do
        local one = string.sub(m, j, j + 7)
        if not has(merged, one) then merged = merged .. one; added = added + 1 end
      end
      if merged ~= v then
        if #merged > limit then
          redis.call('SET', spill, merged)
          merged = ''
        end
        pairs_[#pairs_ + 1] = fields[k]
        pairs_[#pairs_ + 1] = merged
      end
    end
  end
  if #pairs_ > 0 then redis.call('HSET', base .. current, unpack(pairs_)) end
  fields, members = {}, {}
end
local last_field = nil
for i = 1, #blob, rec do
  local suffix = string.sub(blob, i, i + 3)
  local field = string.sub(blob, i + 4, i + 3 + fl)
  local member = string.sub(blob, i + 4 + fl, i + rec - 1)
  if suffix ~= current or #fields >= 2000 then
    flush(); current = suffix; last_field = nil
  end
  if field == last_field then
    members[#members] = members[#members] .. member
  else
    fields[#fields + 1] = field
    members[#members + 1] = member
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

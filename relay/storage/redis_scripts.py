"""Lua scripts of the Redis backend. Each runs atomically, so seq assignment, quota checks,
counters and the live announcement of one write can never interleave with another write.

Key layout for a document ``D`` (``P`` is ``mt:``):

- ``P doc:D``  hash: token_hash, created_at, last_active, last_seq, checkpoint_seq,
  appended (bytes ever appended), base (``appended`` at the checkpoint), ckpt_bytes,
  quota_bytes, quota_entries. Log bytes = appended - base; log entries = last_seq - checkpoint_seq.
- ``P log:D``  stream; entry id ``<seq>-0``, fields ``e`` (envelope), ``c`` (``appended`` after it).
- ``P ckpt:D`` string: the checkpoint envelope.
- ``P active`` sorted set: doc id scored by last_active (for the TTL purge).
- channel ``P<db>:ch:D``: ``m<seq> <origin>\\n<env>`` entries, ``e<origin>\\n<env>`` ephemeral,
  ``k<code> <reason>`` close connections. (Pub/sub ignores the db number, hence the prefix.)
"""

from __future__ import annotations

CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'token_hash', ARGV[2], 'created_at', ARGV[3], 'last_active', ARGV[3],
  'last_seq', '0', 'checkpoint_seq', '0', 'appended', '0', 'base', '0', 'ckpt_bytes', '0',
  'quota_bytes', ARGV[4], 'quota_entries', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
"""

APPEND = """
local d = redis.call('HMGET', KEYS[1], 'last_seq', 'checkpoint_seq', 'appended', 'base',
  'ckpt_bytes', 'quota_bytes', 'quota_entries')
if not d[1] then return -1 end
local last = tonumber(d[1])
local size = string.len(ARGV[1])
local appended = tonumber(d[3]) + size
if appended - tonumber(d[4]) + tonumber(d[5]) > tonumber(d[6])
  or last + 1 - tonumber(d[2]) > tonumber(d[7]) then
  return -2
end
local seq = string.format('%d', last + 1)
redis.call('XADD', KEYS[2], seq .. '-0', 'e', ARGV[1], 'c', string.format('%d', appended))
redis.call('HSET', KEYS[1], 'last_seq', seq, 'appended', string.format('%d', appended),
  'last_active', ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
redis.call('PUBLISH', ARGV[4], 'm' .. seq .. ' ' .. ARGV[5] .. '\\n' .. ARGV[1])
return last + 1
"""

CHECKPOINT = """
local d = redis.call('HMGET', KEYS[1], 'last_seq', 'checkpoint_seq', 'appended', 'base',
  'quota_bytes')
if not d[1] then return -1 end
local covers = tonumber(ARGV[2])
if covers > tonumber(d[1]) or covers < tonumber(d[2]) then return -3 end
local base = tonumber(d[4])
if covers > tonumber(d[2]) then
  local sid = string.format('%d-0', covers)
  local found = redis.call('XRANGE', KEYS[2], sid, sid)
  if not found[1] then return -4 end
  local fields = found[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'c' then base = tonumber(fields[i + 1]) end
  end
end
local size = string.len(ARGV[1])
if tonumber(d[3]) - base + size > tonumber(d[5]) then return -2 end
redis.call('XTRIM', KEYS[2], 'MINID', string.format('%d-0', covers + 1))
redis.call('SET', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[1], 'checkpoint_seq', string.format('%d', covers),
  'base', string.format('%d', base), 'ckpt_bytes', string.format('%d', size),
  'last_active', ARGV[3])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
return 0
"""

READ_CHECKPOINT = """
local covers = redis.call('HGET', KEYS[1], 'checkpoint_seq')
local env = redis.call('GET', KEYS[2])
if (not covers) or (not env) then return false end
return {covers, env}
"""

DELETE = """
local existed = redis.call('EXISTS', KEYS[1])
if ARGV[2] ~= '' then
  local active = redis.call('HGET', KEYS[1], 'last_active')
  if (not active) or tonumber(active) >= tonumber(ARGV[2]) then return 0 end
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
return existed
"""

TOUCH = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'last_active', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
"""

SET_ACCESS_HASH = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'token_hash', ARGV[1])
return 1
"""

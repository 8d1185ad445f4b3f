/// Lua shared by every queue script.
enum ScriptPrelude {
    static let source = #"""
local P = KEYS[1]
local RETAIN = tonumber(ARGV[1])
local STREAMCAP = ARGV[2]
local DEADCAP = tonumber(ARGV[3])
local BASE = tonumber(ARGV[4])
local MAXD = tonumber(ARGV[5])
local clock = redis.call('TIME')
local NOW = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
-- Numbers passed to redis.call are formatted with printf on every call; format the common ones once.
local NOWS = string.format('%d', NOW)

-- Count changes are summed per hash and field and written once at the end: a script that
-- moves 500 tasks of one batch does 2 HINCRBYs per hash, not 1000. Nested tables rather than
-- concatenated keys, because building strings per task is what costs in Lua.
local COUNTS = P .. 'counts'
local deltas, hashes, batch_keys = {}, {}, {}
local function bump(h, f, n)
  local d = deltas[h]
  if d == nil then d = {}; deltas[h] = d; hashes[#hashes + 1] = h end
  d[f] = (d[f] or 0) + n
end
local function move(b, from, to)
  if from then bump(COUNTS, from, -1) end
  if to then bump(COUNTS, to, 1) end
  if b and b ~= '' then
    local bk = batch_keys[b]
    if bk == nil then bk = P .. 'batch:' .. b; batch_keys[b] = bk end
    if from then bump(bk, from, -1) end
    if to then bump(bk, to, 1) end
  end
end
local function flush()
  for _, h in ipairs(hashes) do
    for f, n in pairs(deltas[h]) do
      if n ~= 0 then redis.call('HINCRBY', h, f, n) end
    end
  end
  deltas, hashes = {}, {}
end

-- One command with many arguments (LPUSH, ZADD, ZREM of a whole chunk), split so that unpack
-- stays within Lua's stack limit (8000 values).
local function call_many(cmd, key, values, step)
  step = step or 1
  local size = 4000 - 4000 % step
  for first = 1, #values, size do
    redis.call(cmd, key, unpack(values, first, math.min(first + size - 1, #values)))
  end
end

-- Wake-up tokens for consumers blocked in BLPOP; capped so an idle queue's list stays tiny.
local function wake(n)
  if n > 0 then
    local tokens = {}
    for i = 1, math.min(n, 64) do tokens[i] = '1' end
    redis.call('LPUSH', P .. 'wake', unpack(tokens))
    redis.call('LTRIM', P .. 'wake', 0, 63)
  end
end

local function event(kind, id, b, a, extra)
  local args = {'XADD', P .. 'events', 'MAXLEN', '~', STREAMCAP, '*', 'k', kind, 'id', id, 'b', b or '', 'a', a or 0}
  if extra then for i = 1, #extra do args[#args + 1] = extra[i] end end
  redis.call(unpack(args))
end

-- Finished bodies do not pile up: the payload goes now, the small record after RETAIN ms.
local function finish(k, state)
  if RETAIN <= 0 then
    redis.call('DEL', k)
  else
    -- Overwriting the payload with '' frees it in the same call as the state change.
    redis.call('HSET', k, 's', state, 'fin', NOWS, 'p', '')
    redis.call('PEXPIRE', k, ARGV[1])
  end
end

local function trim_dead()
  local over = redis.call('ZCARD', P .. 'dead') - DEADCAP
  if over > 0 then
    local gone = redis.call('ZPOPMIN', P .. 'dead', over)
    for i = 1, #gone, 2 do redis.call('DEL', P .. 'task:' .. gone[i]) end
    bump(COUNTS, 'dead', -over)
  end
end

-- A running attempt failed (or its lease expired): retry after exponential backoff with
-- jitter, or dead-letter when permanent or out of attempts. Returns the retry time, or 0 if dead.
local function fail_running(id, k, b, a, m, err, permanent, rand, ev)
  redis.call('ZREM', P .. 'leases', id)
  local extra = {'err', err}
  if ev and ev ~= '' then extra[#extra + 1] = 'ev'; extra[#extra + 1] = ev end
  if permanent or a >= m then
    redis.call('HSET', k, 's', 'dead', 'fin', NOW, 'err', err)
    redis.call('ZADD', P .. 'dead', NOW, id)
    move(b, 'running', 'dead')
    event('dead', id, b, a, extra)
    trim_dead()
    return 0
  end
  local d = math.min(MAXD, BASE * 2 ^ (a - 1))
  local at = NOW + math.floor(d / 2 + rand * d / 2)
  redis.call('HSET', k, 's', 'failed', 'r', at, 'err', err)
  redis.call('ZADD', P .. 'delayed', at, id)
  move(b, 'running', 'failed')
  extra[#extra + 1] = 'r'; extra[#extra + 1] = at
  event('retry', id, b, a, extra)
  return at
end

-- Whether `tok` holds the lease of the task at k: 'ok' (running, current token); 'done',
-- 'failed', 'dead' or 'cancelled' (the attempt of this token already ended that way, which
-- lets a call repeated after a lost reply be recognised); 'stale'; or 'unknown'.
local function lease_state(k, tok)
  local f = redis.call('HMGET', k, 's', 'tk', 'b', 'a', 'm', 'pr', 'r')
  if not f[1] then return 'unknown', f end
  if f[2] ~= tok then return 'stale', f end
  if f[1] == 'running' then return 'ok', f end
  if f[1] == 'queued' or f[1] == 'delayed' then return 'stale', f end
  return f[1], f
end

-- The answer for a lease that is not held: 'cancelled' and 'unknown' as they are, the rest stale.
local function not_held(st)
  if st == 'cancelled' or st == 'unknown' then return st end
  return 'stale'
end

-- For scripts taking ARGV[6] = n items of `stride` arguments from ARGV[7], each starting with
-- (task id, lease token): calls fn(o, id, k, status, fields) per item, o being the item's first
-- ARGV index, and returns the list of fn's results.
local function each_lease(stride, fn)
  local res = {}
  for i = 0, tonumber(ARGV[6]) - 1 do
    local o = 7 + i * stride
    local id = ARGV[o]
    local k = P .. 'task:' .. id
    local st, f = lease_state(k, ARGV[o + 1])
    res[#res + 1] = fn(o, id, k, st, f)
  end
  flush()
  return res
end

-- ARGV[6] limit, ARGV[7…] ids: the given dead-letter ids, or the oldest `limit` when none.
local function dead_ids()
  if #ARGV >= 7 then
    local ids = {}
    for i = 7, #ARGV do ids[#ids + 1] = ARGV[i] end
    return ids
  end
  return redis.call('ZRANGE', P .. 'dead', 0, tonumber(ARGV[6]) - 1)
end
"""#
}

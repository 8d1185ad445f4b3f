/// The scripts of a task's life: submit, reserve, heartbeat, complete, fail, release, cancel.
enum TaskScripts {
    /// ARGV[6] batch id, [7] n, [8] created ms, then n × (id, payload, priority, max attempts,
    /// timeout s, run-at ms or 0). Returns {indexes of ids that already existed, the subset of
    /// those indexes whose task belongs to another batch} (0-based).
    static let submit = LuaScript.queue("submit", #"""
local b = ARGV[6]
local n = tonumber(ARGV[7])
local created = ARGV[8]
-- Refuse before writing anything if a key is of the wrong type: a script is not rolled back,
-- and a WRONGTYPE half-way would leave task bodies that are in no list.
for key, want in pairs({['ready:high'] = 'list', ['ready:normal'] = 'list', ['ready:low'] = 'list', wake = 'list',
    delayed = 'zset', counts = 'hash', ['batch:' .. b] = 'hash'}) do
  local have = redis.call('TYPE', P .. key)['ok']
  if have ~= 'none' and have ~= want then
    return redis.error_reply('WRONGTYPE key ' .. key .. ' of the queue holds a ' .. have .. ', not a ' .. want)
  end
end
local dups, others, pushes = {}, {}, {high = {}, normal = {}, low = {}}
local added, delayed = 0, 0
for i = 0, n - 1 do
  local o = 9 + i * 6
  local id = ARGV[o]
  local k = P .. 'task:' .. id
  if redis.call('EXISTS', k) == 1 then
    dups[#dups + 1] = i
    if redis.call('HGET', k, 'b') ~= b then others[#others + 1] = i end
  else
    local pr = ARGV[o + 2]
    local at = tonumber(ARGV[o + 5])
    if at > NOW then
      redis.call('HSET', k, 'p', ARGV[o + 1], 'pr', pr, 'a', '0', 'm', ARGV[o + 3], 'to', ARGV[o + 4],
        'c', created, 'e', NOWS, 'b', b, 's', 'delayed', 'r', ARGV[o + 5])
      redis.call('ZADD', P .. 'delayed', ARGV[o + 5], id)
      delayed = delayed + 1
    else
      redis.call('HSET', k, 'p', ARGV[o + 1], 'pr', pr, 'a', '0', 'm', ARGV[o + 3], 'to', ARGV[o + 4],
        'c', created, 'e', NOWS, 'b', b, 's', 'queued')
      local list = pushes[pr]
      list[#list + 1] = id
    end
    added = added + 1
  end
end
local ready = 0
for pr, ids in pairs(pushes) do
  if #ids > 0 then
    call_many('LPUSH', P .. 'ready:' .. pr, ids)
    ready = ready + #ids
  end
end
-- Counts once per chunk, not per task.
if added > 0 then
  local bk = P .. 'batch:' .. b
  for _, h in ipairs({COUNTS, bk}) do
    bump(h, 'queued', added - delayed)
    bump(h, 'delayed', delayed)
  end
  bump(bk, 'total', added)
  redis.call('HSETNX', bk, 'created', NOWS)
end
flush()
wake(ready)
return {dups, others}
"""#)

    /// ARGV[6] max tasks, [7] lease ms, [8] token base. Returns {deadline ms, {{id, token,
    /// attempt, payload, priority, max, timeout, created, enqueued, batch, last error}…}}.
    static let reserve = LuaScript.queue("reserve", #"""
local n = tonumber(ARGV[6])
local dl = string.format('%d', NOW + tonumber(ARGV[7]))
local tb = ARGV[8]
local out, leased = {}, {}
for _, pr in ipairs({'high', 'normal', 'low'}) do
  local lk = P .. 'ready:' .. pr
  while #out < n do
    local id = redis.call('RPOP', lk)
    if not id then break end
    local k = P .. 'task:' .. id
    local f = redis.call('HMGET', k, 's', 'p', 'pr', 'a', 'm', 'to', 'c', 'e', 'b', 'err')
    -- Ids of cancelled (or vanished) tasks stay in the list and are skipped here, which keeps
    -- cancel O(1).
    if f[1] == 'queued' then
      local a = tonumber(f[4]) + 1
      local tok = tb .. '-' .. (#out + 1)
      redis.call('HSET', k, 's', 'running', 'a', a, 'tk', tok, 'ld', dl)
      leased[#leased + 1] = dl
      leased[#leased + 1] = id
      move(f[9], 'queued', 'running')
      out[#out + 1] = {id, tok, a, f[2] or '', f[3], f[5], f[6], f[7], f[8], f[9] or '', f[10] or ''}
    end
  end
  if #out >= n then break end
end
-- One ZADD for the whole reservation: each redis.call has a fixed cost.
call_many('ZADD', P .. 'leases', leased, 2)
if #out < n then redis.call('DEL', P .. 'wake') end
flush()
return {tonumber(dl), out}
"""#)

    /// ARGV[6] n, then n × (id, token, lease ms). Returns n × {status, deadline ms}.
    static let heartbeat = LuaScript.queue("heartbeat", #"""
return each_lease(3, function(o, id, k, st)
  if st == 'ok' then
    local dl = NOW + tonumber(ARGV[o + 2])
    redis.call('HSET', k, 'ld', dl)
    redis.call('ZADD', P .. 'leases', dl, id)
    return {'ok', dl}
  end
  return {not_held(st), 0}
end)
"""#)

    /// ARGV[6] n, then n × (id, token, event bytes or ''). Returns n statuses.
    static let complete = LuaScript.queue("complete", #"""
local finished = {}
local res = each_lease(3, function(o, id, k, st, f)
  if st == 'ok' then
    finished[#finished + 1] = id
    move(f[3], 'running', 'done')
    local extra = nil
    if ARGV[o + 2] ~= '' then extra = {'ev', ARGV[o + 2]} end
    event('done', id, f[3], f[4], extra)
    finish(k, 'done')
    return 'ok'
  end
  -- The same completion again (a call retried after a lost reply) was already applied.
  if st == 'done' then return 'ok' end
  return not_held(st)
end)
call_many('ZREM', P .. 'leases', finished)
return res
"""#)

    /// ARGV[6] n, then n × (id, token, error, permanent 0/1, random in [0,1), event or '').
    /// Returns n × {status, retry-at ms (0 = dead)}; status is 'ok' when the failure was applied.
    static let fail = LuaScript.queue("fail", #"""
return each_lease(6, function(o, id, k, st, f)
  if st == 'ok' then
    return {'ok', fail_running(id, k, f[3], tonumber(f[4]), tonumber(f[5]), ARGV[o + 2], ARGV[o + 3] == '1',
      tonumber(ARGV[o + 4]), ARGV[o + 5])}
  end
  -- This attempt already failed (a call retried after a lost reply, or the lease expired and
  -- the scheduler failed it): report what happened rather than refusing.
  if st == 'failed' then return {'ok', tonumber(f[7])} end
  if st == 'dead' then return {'ok', 0} end
  return {not_held(st), 0}
end)
"""#)

    /// ARGV[6] n, then n × (id, token). Gives reserved tasks back to the front of their ready
    /// list without counting the attempt. Returns n statuses.
    static let release = LuaScript.queue("release", #"""
local woken = 0
local res = each_lease(2, function(o, id, k, st, f)
  if st == 'ok' then
    redis.call('ZREM', P .. 'leases', id)
    redis.call('HSET', k, 's', 'queued', 'a', math.max(0, tonumber(f[4]) - 1))
    redis.call('HDEL', k, 'tk', 'ld')
    redis.call('RPUSH', P .. 'ready:' .. f[6], id)
    move(f[3], 'running', 'queued')
    woken = woken + 1
    return 'ok'
  end
  return not_held(st)
end)
wake(woken)
return res
"""#)

    /// ARGV[6] id. Returns the state the task was in ('unknown' if none); final states are
    /// returned as 'final:<state>' and left alone.
    static let cancel = LuaScript.queue("cancel", #"""
local id = ARGV[6]
local k = P .. 'task:' .. id
local f = redis.call('HMGET', k, 's', 'b', 'a')
local s = f[1]
if not s then return 'unknown' end
if s == 'done' or s == 'dead' or s == 'cancelled' then return 'final:' .. s end
if s == 'delayed' or s == 'failed' then redis.call('ZREM', P .. 'delayed', id) end
if s == 'running' then redis.call('ZREM', P .. 'leases', id) end
move(f[2], s, 'cancelled')
event('cancelled', id, f[2], f[3])
finish(k, 'cancelled')
flush()
return s
"""#)
}

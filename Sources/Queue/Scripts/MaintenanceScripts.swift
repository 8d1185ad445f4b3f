/// Scripts for the scheduler, the dead-letter set and the worker registry.
enum MaintenanceScripts {
    /// ARGV[6] limit. Moves due delayed and retry-waiting tasks to their ready list.
    /// Returns {moved, examined}; examined == limit means there may be more.
    static let promote = LuaScript.queue("promote", #"""
local ids = redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[6]))
local moved = 0
for _, id in ipairs(ids) do
  redis.call('ZREM', P .. 'delayed', id)
  local k = P .. 'task:' .. id
  local f = redis.call('HMGET', k, 's', 'pr', 'b')
  -- The state check makes a second scheduler's move of the same id a no-op.
  if f[1] == 'delayed' or f[1] == 'failed' then
    redis.call('HSET', k, 's', 'queued')
    redis.call('HDEL', k, 'r')
    redis.call('LPUSH', P .. 'ready:' .. f[2], id)
    move(f[3], f[1], 'queued')
    moved = moved + 1
  end
end
flush()
wake(moved)
return {moved, #ids}
"""#)

    /// ARGV[6] limit, [7] random in [0,1). Sends running tasks whose lease ran out to the retry
    /// path (counting the attempt) or to dead-letter. Returns {retried, dead, examined}.
    static let expire = LuaScript.queue("expire", #"""
local ids = redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[6]))
local rand = tonumber(ARGV[7])
local retried, dead = 0, 0
for i, id in ipairs(ids) do
  local k = P .. 'task:' .. id
  local f = redis.call('HMGET', k, 's', 'b', 'a', 'm', 'ld')
  if f[1] == 'running' and tonumber(f[5]) <= NOW then
    -- Golden-ratio steps spread one random number into distinct jitters for each task.
    local r = (rand + i * 0.6180339887) % 1
    local at = fail_running(id, k, f[2], tonumber(f[3]), tonumber(f[4]),
      'lease expired: the worker stopped sending heartbeats (it died, hung, or lost its connection)', false, r, nil)
    if at == 0 then dead = dead + 1 else retried = retried + 1 end
  else
    redis.call('ZREM', P .. 'leases', id)
  end
end
flush()
return {retried, dead, #ids}
"""#)

    /// ARGV[6] limit, ARGV[7…] ids (none: the oldest `limit` dead tasks). Returns the number requeued.
    static let requeueDead = LuaScript.queue("requeueDead", #"""
local ids = dead_ids()
local moved = 0
for _, id in ipairs(ids) do
  if redis.call('ZREM', P .. 'dead', id) == 1 then
    local k = P .. 'task:' .. id
    local f = redis.call('HMGET', k, 's', 'pr', 'b')
    if f[1] == 'dead' then
      redis.call('HSET', k, 's', 'queued', 'a', 0, 'e', NOW)
      redis.call('HDEL', k, 'fin', 'tk', 'ld', 'r')
      redis.call('LPUSH', P .. 'ready:' .. f[2], id)
      move(f[3], 'dead', 'queued')
      moved = moved + 1
    else
      bump(COUNTS, 'dead', -1)
    end
  end
end
flush()
wake(moved)
return moved
"""#)

    /// ARGV[6] limit, ARGV[7…] ids (none: the oldest `limit`). Deletes dead tasks. Returns the count.
    static let purgeDead = LuaScript.queue("purgeDead", #"""
local ids = dead_ids()
local purged = 0
for _, id in ipairs(ids) do
  if redis.call('ZREM', P .. 'dead', id) == 1 then
    redis.call('DEL', P .. 'task:' .. id)
    bump(COUNTS, 'dead', -1)
    purged = purged + 1
  end
end
flush()
return purged
"""#)

    /// KEYS[1] is the registry base. ARGV[6] worker id, [7] ttl ms, [8…] field/value pairs.
    static let registerWorker = LuaScript.queue("registerWorker", #"""
local id = ARGV[6]
local ttl = tonumber(ARGV[7])
local k = P .. 'w:' .. id
redis.call('DEL', k)
local args = {'HSET', k, 'seen', NOW}
for i = 8, #ARGV do args[#args + 1] = ARGV[i] end
redis.call(unpack(args))
redis.call('PEXPIRE', k, ttl)
redis.call('ZREMRANGEBYSCORE', P .. 'index', '-inf', NOW)
redis.call('ZADD', P .. 'index', NOW + ttl, id)
return NOW
"""#)

    /// KEYS[1] is the registry base. ARGV[6] worker id.
    static let deregisterWorker = LuaScript.queue("deregisterWorker", #"""
redis.call('DEL', P .. 'w:' .. ARGV[6])
return redis.call('ZREM', P .. 'index', ARGV[6])
"""#)

    /// KEYS[1] is the registry base. Drops expired workers, returns the live ones' fields.
    static let listWorkers = LuaScript.queue("listWorkers", #"""
redis.call('ZREMRANGEBYSCORE', P .. 'index', '-inf', NOW)
local out = {}
for _, id in ipairs(redis.call('ZRANGE', P .. 'index', 0, -1)) do
  local fields = redis.call('HGETALL', P .. 'w:' .. id)
  if #fields > 0 then out[#out + 1] = fields end
end
return out
"""#)
}

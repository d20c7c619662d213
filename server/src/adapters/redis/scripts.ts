import type { ChainableCommander, Redis } from 'ioredis';

/**
 * Stores one swipe unless its (integration, swipeId) was seen: the check, the stream entry, its
 * index entries and the idempotency key are one atomic step, so a crash can't store it twice.
 * Redis does not undo a script that fails halfway, so every key is checked before the first write:
 * a swipe that can't be stored whole is not stored at all.
 * KEYS: swipe stream, idempotency key, index streams... ARGV: record JSON, flags (comma), retention ms.
 * Returns {1, id} when stored, {0, "<id>|<flags>"} for a duplicate.
 */
const APPEND_SWIPE = `
local prev = redis.call('GET', KEYS[2])
if prev then return {0, prev} end
for i = 1, #KEYS do
  if i ~= 2 then
    local kind = redis.call('TYPE', KEYS[i])['ok']
    if kind ~= 'stream' and kind ~= 'none' then
      return redis.error_reply('WRONGTYPE ' .. KEYS[i] .. ' is a ' .. kind .. ', not a stream')
    end
  end
end
local t = redis.call('TIME')
local keep = tonumber(ARGV[3])
local minId = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - keep)
local id = redis.call('XADD', KEYS[1], 'MINID', '~', minId, '*', 'r', ARGV[1])
for i = 3, #KEYS do
  redis.call('XADD', KEYS[i], 'MINID', '~', minId, id, 'x', '')
  redis.call('PEXPIRE', KEYS[i], keep)
end
redis.call('SET', KEYS[2], id .. '|' .. ARGV[2], 'PX', keep)
return {1, id}
`;

/**
 * Walks an index stream and returns the swipes its entries point at.
 * KEYS: index stream, swipe stream. ARGV: 'rev' or 'fwd', start, end, count.
 * Returns {scanned, lastScannedId or false, id1, json1, id2, json2, ...}.
 */
const READ_INDEX = `
local entries
if ARGV[1] == 'rev' then
  entries = redis.call('XREVRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[4])
else
  entries = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[4])
end
local out = {#entries, false}
if #entries > 0 then out[2] = entries[#entries][1] end
for _, e in ipairs(entries) do
  local r = redis.call('XRANGE', KEYS[2], e[1], e[1])
  if r[1] then
    out[#out + 1] = e[1]
    out[#out + 1] = r[1][2][2]
  end
end
return out
`;

/**
 * Records a card at a terminal and counts the distinct cards seen within ±window of its time.
 * KEYS: the terminal's card set. ARGV: card hash, time ms, window ms, keep ms.
 */
const OBSERVE_CARD = `
local at = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.0f', at - tonumber(ARGV[4])))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local w = tonumber(ARGV[3])
return redis.call('ZCOUNT', KEYS[1], string.format('%.0f', at - w), string.format('%.0f', at + w))
`;

/**
 * Records where a card was seen unless a newer sighting is stored, and returns the one stored before.
 * KEYS: the card's last-seen key. ARGV: clinic id, time ms, keep ms. Returns "<ms>|<clinic>" or nil.
 */
const OBSERVE_CARD_SEEN = `
local prev = redis.call('GET', KEYS[1])
if prev then
  local prevAt = tonumber(string.sub(prev, 1, string.find(prev, '|', 1, true) - 1))
  if tonumber(ARGV[2]) < prevAt then return prev end
end
redis.call('SET', KEYS[1], ARGV[2] .. '|' .. ARGV[1], 'PX', ARGV[3])
return prev
`;

/**
 * Records a clinic's swipe total and returns the newest `window` before it (newest first), joined
 * with commas (one string to decode rather than `window` of them, for every swipe).
 * KEYS: the clinic's totals list. ARGV: cents, window, keep ms.
 */
const OBSERVE_TOTAL = `
local window = tonumber(ARGV[2])
local prior = redis.call('LRANGE', KEYS[1], 0, window - 1)
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, window - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return table.concat(prior, ',')
`;

/**
 * Replaces the registry hashes from a seed, only when the registry was never seeded.
 * KEYS: regions, clinics, cameras, terminals hashes, seeded flag. ARGV: (kind index 1-4, id, json)...
 */
const SEED_REGISTRY = `
if redis.call('EXISTS', KEYS[5]) == 1 then return 0 end
for i = 1, #ARGV, 3 do
  redis.call('HSET', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 2])
end
redis.call('SET', KEYS[5], '1')
return 1
`;

/**
 * Saves one terminal keeping its position (new terminals go last) and announces the change.
 * KEYS: terminals hash, change channel. ARGV: id, terminal JSON.
 */
const SAVE_TERMINAL = `
local prev = redis.call('HGET', KEYS[1], ARGV[1])
local pos
if prev then pos = cjson.decode(prev).pos else pos = redis.call('HLEN', KEYS[1]) end
redis.call('HSET', KEYS[1], ARGV[1], '{"pos":' .. string.format('%d', pos) .. ',"v":' .. ARGV[2] .. '}')
redis.call('PUBLISH', KEYS[2], ARGV[1])
return 1
`;

const SCRIPTS = {
  cwAppendSwipe: APPEND_SWIPE,
  cwReadIndex: READ_INDEX,
  cwObserveCard: OBSERVE_CARD,
  cwObserveCardSeen: OBSERVE_CARD_SEEN,
  cwObserveTotal: OBSERVE_TOTAL,
  cwSeedRegistry: SEED_REGISTRY,
  cwSaveTerminal: SAVE_TERMINAL,
} as const;
export type ScriptName = keyof typeof SCRIPTS;

const defined = new WeakSet<Redis>();

/** Registers our Lua scripts on a connection (EVALSHA, reloaded by ioredis after a Redis restart). */
export function defineScripts(redis: Redis): void {
  if (defined.has(redis)) return;
  for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { lua });
  defined.add(redis);
}

type Arg = string | number;
type ScriptFn = (numKeys: number, ...args: Arg[]) => Promise<unknown>;

/** Runs a script now. */
export function runScript(
  redis: Redis,
  name: ScriptName,
  keys: readonly string[],
  args: readonly Arg[],
): Promise<unknown> {
  defineScripts(redis);
  return (redis as unknown as Record<ScriptName, ScriptFn>)[name](keys.length, ...keys, ...args);
}

/** Queues a script on a pipeline (one round trip for many calls). */
export function queueScript(
  pipeline: ChainableCommander,
  name: ScriptName,
  keys: readonly string[],
  args: readonly Arg[],
): void {
  (pipeline as unknown as Record<ScriptName, (numKeys: number, ...args: Arg[]) => unknown>)[name](
    keys.length,
    ...keys,
    ...args,
  );
}

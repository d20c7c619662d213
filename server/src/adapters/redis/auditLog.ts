import type { Redis } from 'ioredis';
import type { AuditEntryDto, AuditPageDto, AuditQuery } from '@clinicwall/contract';
import type { AuditLog, NewAuditEntry } from '../../domain/audit/auditLog.ts';
import { matchesAuditQuery } from '../../domain/audit/auditQuery.ts';
import { ACCOUNT_KEYS as K } from './accountKeys.ts';

/**
 * Appends at the entry's own millisecond, or right after the newest entry when the clock stepped
 * back (ids only grow). KEYS: stream. ARGV: ms, entry JSON. Returns the entry id.
 */
const APPEND = `
local id = redis.pcall('XADD', KEYS[1], ARGV[1] .. '-*', 'e', ARGV[2])
if type(id) == 'table' and id.err then
  local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1][1]
  local ms, seq = string.match(last, '(%d+)-(%d+)')
  return redis.call('XADD', KEYS[1], ms .. '-' .. string.format('%d', tonumber(seq) + 1), 'e', ARGV[2])
end
return id
`;

/** How many stream entries one query reads per round trip. */
const BATCH = 500;
/** How far apart an entry's time and its id may be (clock skew between processes and Redis). */
const SKEW_MS = 5 * 60_000;

/**
 * The audit log as a Redis stream: append-only (nothing here trims or deletes it), ordered ids
 * `<ms>-<seq>` that are the audit ids, durable with the Redis AOF. Queries walk it newest first.
 */
export class RedisAuditLog implements AuditLog {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async append(entry: NewAuditEntry): Promise<AuditEntryDto> {
    const json = JSON.stringify(entry);
    const id = (await this.#redis.eval(APPEND, 1, K.audit, String(Date.parse(entry.at)), json)) as string;
    return { id, ...(JSON.parse(json) as NewAuditEntry) };
  }

  async query(q: AuditQuery): Promise<AuditPageDto> {
    const items: AuditEntryDto[] = [];
    const floor = q.from ? `${Math.max(0, Date.parse(q.from) - SKEW_MS)}` : '-';
    let end = q.before ? `(${q.before}` : q.to ? `${Date.parse(q.to) + SKEW_MS}` : '+';
    for (;;) {
      const entries = await this.#redis.xrevrange(K.audit, end, floor, 'COUNT', BATCH);
      for (const [id, fields] of entries) {
        const entry: AuditEntryDto = { id, ...(JSON.parse(fields[1]!) as NewAuditEntry) };
        if (!matchesAuditQuery(entry, q)) continue;
        if (items.length === q.limit) return { items, nextBefore: items[items.length - 1]!.id };
        items.push(entry);
      }
      if (entries.length < BATCH) return { items, nextBefore: null };
      end = `(${entries[entries.length - 1]![0]}`;
    }
  }
}

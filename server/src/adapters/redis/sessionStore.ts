import type { Redis } from 'ioredis';
import type { SessionRecord, SessionStore } from '../../domain/accounts/ports.ts';
import { ACCOUNT_KEYS as K } from './accountKeys.ts';
import { execMulti } from './jsonHash.ts';

/** Moves lastSeenAt forward if the session still exists. KEYS: session. ARGV: lastSeenAt. */
const TOUCH = `
local cur = redis.call('HGET', KEYS[1], 'lastSeenAt')
if not cur then return 0 end
if tonumber(ARGV[1]) > tonumber(cur) then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1]) end
return 1
`;

function decode(id: string, h: Record<string, string>): SessionRecord | null {
  if (!h.userId) return null;
  return {
    id,
    userId: h.userId,
    createdAt: Number(h.createdAt),
    lastSeenAt: Number(h.lastSeenAt),
    absoluteExpiresAt: Number(h.absoluteExpiresAt),
    address: h.address || null,
    userAgent: h.userAgent || null,
  };
}

/**
 * Sessions in Redis (they survive a server restart; every process sees them): one hash per
 * session that Redis expires at the absolute expiry, and a set of session ids per user.
 */
export class RedisSessionStore implements SessionStore {
  readonly #redis: Redis;
  readonly #now: () => number;

  constructor(redis: Redis, now: () => number = Date.now) {
    this.#redis = redis;
    this.#now = now;
  }

  async insert(s: SessionRecord): Promise<void> {
    const ttl = Math.max(1, s.absoluteExpiresAt - this.#now());
    const m = this.#redis.multi();
    m.hset(K.session(s.id), {
      userId: s.userId,
      createdAt: String(s.createdAt),
      lastSeenAt: String(s.lastSeenAt),
      absoluteExpiresAt: String(s.absoluteExpiresAt),
      address: s.address ?? '',
      userAgent: (s.userAgent ?? '').slice(0, 512),
    });
    m.pexpire(K.session(s.id), ttl);
    m.sadd(K.userSessions(s.userId), s.id);
    await execMulti(m);
  }

  async get(id: string): Promise<SessionRecord | null> {
    return decode(id, await this.#redis.hgetall(K.session(id)));
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.#redis.eval(TOUCH, 1, K.session(id), String(lastSeenAt));
  }

  async delete(id: string): Promise<void> {
    const userId = await this.#redis.hget(K.session(id), 'userId');
    const m = this.#redis.multi();
    m.del(K.session(id));
    if (userId) m.srem(K.userSessions(userId), id);
    await execMulti(m);
  }

  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    const ids = (await this.#redis.smembers(K.userSessions(userId))).filter((id) => id !== exceptId);
    if (ids.length === 0) return 0;
    const m = this.#redis.multi();
    for (const id of ids) m.del(K.session(id));
    m.srem(K.userSessions(userId), ...ids);
    const results = await m.exec();
    if (!results) throw new Error('Redis transaction was aborted');
    let ended = 0;
    for (let i = 0; i < ids.length; i++) {
      const [error, deleted] = results[i]!;
      if (error) throw error;
      ended += Number(deleted);
    }
    return ended;
  }

  async listForUser(userId: string): Promise<SessionRecord[]> {
    const ids = await this.#redis.smembers(K.userSessions(userId));
    const out: SessionRecord[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const s = await this.get(id);
      if (s) out.push(s);
      else gone.push(id);
    }
    if (gone.length) await this.#redis.srem(K.userSessions(userId), ...gone);
    return out;
  }
}

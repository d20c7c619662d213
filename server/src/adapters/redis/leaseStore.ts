import type { Redis } from 'ioredis';
import type { LeaseStore } from '../../alarms/leadership/leaseStore.ts';

/** SET NX PX; or, already ours, extended. KEYS: lease. ARGV: token, ttl ms. */
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
`;
/** Extended only while ours. KEYS: lease. ARGV: token, ttl ms. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
`;
/** Deleted only while ours. KEYS: lease. ARGV: token. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
`;

/** A lease in one Redis key holding its holder's token, with a TTL (see LeaseStore). */
export class RedisLeaseStore implements LeaseStore {
  readonly #redis: Redis;
  readonly #key: string;

  constructor(redis: Redis, key: string) {
    this.#redis = redis;
    this.#key = key;
  }

  async acquire(token: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.eval(ACQUIRE, 1, this.#key, token, Math.ceil(ttlMs))) === 1;
  }

  async renew(token: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.eval(RENEW, 1, this.#key, token, Math.ceil(ttlMs))) === 1;
  }

  async release(token: string): Promise<void> {
    await this.#redis.eval(RELEASE, 1, this.#key, token);
  }

  holder(): Promise<string | null> {
    return this.#redis.get(this.#key);
  }
}

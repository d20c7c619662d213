import type { Redis } from 'ioredis';
import type { ThrottleState, ThrottleStore } from '../../domain/accounts/ports.ts';
import { ACCOUNT_KEYS as K } from './accountKeys.ts';

/** Sets KEYS[1] to ARGV[2] with PX ARGV[3] if it still holds ARGV[1] ('' = absent). Returns 1 when set. */
const CAS_KEY = `
local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

/**
 * Sign-in throttle states in Redis, shared by every server process (a guesser gains nothing by
 * spreading attempts over processes): one JSON value per key with a TTL, updated compare-and-set.
 */
export class RedisThrottleStore implements ThrottleStore {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async update(
    key: string,
    next: (prev: ThrottleState | null) => ThrottleState,
    ttlMs: number,
  ): Promise<ThrottleState> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const before = await this.#redis.get(K.throttle(key));
      const state = next(before === null ? null : (JSON.parse(before) as ThrottleState));
      const ok = await this.#redis.eval(
        CAS_KEY,
        1,
        K.throttle(key),
        before ?? '',
        JSON.stringify(state),
        String(Math.max(1, Math.ceil(ttlMs))),
      );
      if (ok === 1) return { ...state };
    }
    throw new Error(`throttle key ${key} is too busy`);
  }

  async get(key: string): Promise<ThrottleState | null> {
    const json = await this.#redis.get(K.throttle(key));
    return json === null ? null : (JSON.parse(json) as ThrottleState);
  }

  async delete(key: string): Promise<void> {
    await this.#redis.del(K.throttle(key));
  }
}

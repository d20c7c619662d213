import type { Redis } from 'ioredis';
import type { UserStore } from '../../domain/accounts/ports.ts';
import type { UserRecord } from '../../domain/accounts/userRecord.ts';
import { DomainError } from '../../domain/errors.ts';
import { ACCOUNT_KEYS as K, CAS_HASH_FIELD } from './accountKeys.ts';

/** Inserts a user unless the id or the username is taken. KEYS: users, usernames. ARGV: id, username, JSON. */
const INSERT_USER = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1
`;

/** Users in Redis: a hash of user JSON by id and a username index; updates are compare-and-set. */
export class RedisUserStore implements UserStore {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async byId(id: string): Promise<UserRecord | null> {
    const json = await this.#redis.hget(K.users, id);
    return json === null ? null : (JSON.parse(json) as UserRecord);
  }

  async byUsername(username: string): Promise<UserRecord | null> {
    const id = await this.#redis.hget(K.usernames, username);
    return id === null ? null : this.byId(id);
  }

  async list(): Promise<UserRecord[]> {
    return (await this.#redis.hvals(K.users)).map((json) => JSON.parse(json) as UserRecord);
  }

  async insert(user: UserRecord): Promise<void> {
    const ok = await this.#redis.eval(
      INSERT_USER,
      2,
      K.users,
      K.usernames,
      user.id,
      user.username,
      JSON.stringify(user),
    );
    if (ok !== 1)
      throw new DomainError('conflict', `username ${user.username} is taken`, { username: 'already taken' });
  }

  async update(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = await this.#redis.hget(K.users, id);
      if (before === null) throw new DomainError('not_found', `user ${id} does not exist`);
      const next = { ...change(JSON.parse(before) as UserRecord), id };
      const after = JSON.stringify(next);
      if (after === before) return next;
      if ((await this.#redis.eval(CAS_HASH_FIELD, 1, K.users, id, before, after)) === 1) return next;
    }
    throw new DomainError('unavailable', `user ${id} is being changed by others, retry`);
  }
}

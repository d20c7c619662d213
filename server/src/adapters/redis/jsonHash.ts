import type { ChainableCommander, Redis } from 'ioredis';

/** Reads JSON values of a hash by field, in the given order, leaving out missing ones. */
export async function readJsonFields<T>(redis: Redis, hash: string, fields: readonly string[]): Promise<T[]> {
  if (fields.length === 0) return [];
  const values = await redis.hmget(hash, ...fields);
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as T);
}

export async function readJsonField<T>(redis: Redis, hash: string, field: string): Promise<T | null> {
  const value = await redis.hget(hash, field);
  return value === null ? null : (JSON.parse(value) as T);
}

/** A score bound for ZRANGE BYSCORE: inclusive, exclusive (`(n`), or open. */
export const scoreBound = (value: number | undefined, exclusive: boolean, open: '-inf' | '+inf'): string =>
  value === undefined ? open : exclusive ? `(${value}` : String(value);

/**
 * Members of a sorted set whose score is in [min, max], highest score first, read in batches and
 * kept while `keep` says so, until `limit` are kept or the range is exhausted.
 */
export async function scanByScoreDesc<T>(
  redis: Redis,
  key: string,
  hash: string,
  range: { min: string; max: string },
  keep: (value: T) => boolean,
  limit: number,
  batch = 200,
): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; out.length < limit; offset += batch) {
    const ids = await redis.zrange(key, range.max, range.min, 'BYSCORE', 'REV', 'LIMIT', offset, batch);
    for (const value of await readJsonFields<T>(redis, hash, ids)) {
      if (out.length >= limit) break;
      if (keep(value)) out.push(value);
    }
    if (ids.length < batch) break;
  }
  return out;
}

/** Runs a MULTI; throws the first command error (EXEC reports them per command). */
export async function execMulti(m: ChainableCommander): Promise<void> {
  const results = await m.exec();
  if (!results) throw new Error('Redis transaction was aborted');
  for (const [error] of results) if (error) throw error;
}

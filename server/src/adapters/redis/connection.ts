import { Redis, type RedisOptions } from 'ioredis';

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Opens a connection and waits until Redis answers. Requests fail fast while Redis is unreachable
 * (one retry after a reconnect), so an ingest answers 503 and the sender retries, rather than hanging.
 */
export async function openRedis(url: string, name: string, options: RedisOptions = {}): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: `clinicwall:${name}`,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    ...options,
  });
  redis.on('error', () => undefined); // reported by the commands that fail; reconnects on its own
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  return redis;
}

/**
 * Says how durable an acknowledged write is on this Redis: AOF on with appendfsync always survives
 * a power cut; everysec survives a Redis crash but may lose the last second on a power cut; AOF off
 * (RDB only) may lose minutes. Returns a warning for the log, or null.
 */
export async function persistenceWarning(redis: Redis): Promise<string | null> {
  try {
    const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
    const [, fsync] = (await redis.config('GET', 'appendfsync')) as [string, string];
    if (aof !== 'yes') return 'Redis has appendonly off: acknowledged swipes can be lost when Redis restarts';
    if (fsync === 'no') return 'Redis has appendfsync no: acknowledged swipes can be lost on a power cut';
    return null;
  } catch {
    return null; // CONFIG is disabled on some managed Redis services: nothing to say
  }
}

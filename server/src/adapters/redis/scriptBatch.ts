import type { Redis } from 'ioredis';
import { defineScripts, queueScript, type ScriptName } from './scripts.ts';
import { TickBatcher, type Settled } from './tickBatcher.ts';

export interface ScriptCall {
  name: ScriptName;
  keys: readonly string[];
  args: readonly (string | number)[];
}

/** Runs script calls in one pipeline (one round trip, in order); each call's reply or its error. */
export async function runScripts(redis: Redis, calls: readonly ScriptCall[]): Promise<Settled<unknown>[]> {
  defineScripts(redis);
  const pipeline = redis.pipeline();
  for (const c of calls) queueScript(pipeline, c.name, c.keys, c.args);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, value]) => (error ? { ok: false, error } : { ok: true, value }));
}

const batchers = new WeakMap<Redis, TickBatcher<ScriptCall, unknown>>();

/**
 * Runs script calls on a connection together with the others made in the same event-loop turn (by
 * any caller): one pipeline per turn instead of one per request. Resolves with the replies in order;
 * rejects with the first error among these calls (others' calls are not affected).
 */
export function batchScripts(redis: Redis, calls: readonly ScriptCall[]): Promise<unknown[]> {
  let batcher = batchers.get(redis);
  if (!batcher) batchers.set(redis, (batcher = new TickBatcher((all) => runScripts(redis, all))));
  return batcher.submit(calls);
}

import type { Redis } from 'ioredis';
import { RegistrySnapshot, type Terminal } from '@clinicwall/contract';
import type { RegistryStore } from '../../domain/registry.ts';
import { KEYS } from './keys.ts';
import { defineScripts, runScript } from './scripts.ts';

const KINDS = ['regions', 'clinics', 'cameras', 'terminals'] as const;
const HASHES = KINDS.map((k) => KEYS.registry[k]);

/**
 * The registry in Redis: one hash per kind (id → {pos, v}), the position keeping the fixture's
 * order. Seeded once, when Redis has never held a registry; terminal mapping edits are saved one
 * terminal at a time and announced on a channel so other server processes reload.
 */
export class RedisRegistryStore implements RegistryStore {
  readonly #redis: Redis;
  readonly #subscriber: () => Promise<Redis>;
  #sub: Redis | null = null;

  /** `subscriber` opens a connection of its own for change notices (only when watched). */
  constructor(redis: Redis, subscriber: () => Promise<Redis>) {
    this.#redis = redis;
    this.#subscriber = subscriber;
    defineScripts(redis);
  }

  /** Writes the seed unless a registry was seeded before; returns whether it did. */
  async seedIfEmpty(seed: RegistrySnapshot): Promise<boolean> {
    const args: (string | number)[] = [];
    KINDS.forEach((kind, k) => seed[kind].forEach((v, pos) => args.push(k + 1, v.id, JSON.stringify({ pos, v }))));
    return (await runScript(this.#redis, 'cwSeedRegistry', [...HASHES, KEYS.registry.seeded], args)) === 1;
  }

  async load(): Promise<RegistrySnapshot> {
    const pipeline = this.#redis.pipeline();
    for (const h of HASHES) pipeline.hgetall(h);
    const replies = (await pipeline.exec()) ?? [];
    const raw: Record<string, unknown[]> = {};
    KINDS.forEach((kind, i) => {
      const [error, hash] = replies[i] ?? [new Error('no reply')];
      if (error) throw error;
      raw[kind] = Object.values(hash as Record<string, string>)
        .map((s) => JSON.parse(s) as { pos: number; v: unknown })
        .sort((a, b) => a.pos - b.pos)
        .map((e) => e.v);
    });
    const parsed = RegistrySnapshot.safeParse(raw);
    if (!parsed.success) throw new Error(`the registry in Redis is invalid: ${parsed.error.message}`);
    return parsed.data;
  }

  async save(snapshot: RegistrySnapshot): Promise<void> {
    const multi = this.#redis.multi();
    for (const kind of KINDS) {
      multi.del(KEYS.registry[kind]);
      snapshot[kind].forEach((v, pos) => multi.hset(KEYS.registry[kind], v.id, JSON.stringify({ pos, v })));
    }
    multi.set(KEYS.registry.seeded, '1');
    multi.publish(KEYS.registry.changed, '*');
    await multi.exec();
  }

  async saveTerminal(terminal: Terminal): Promise<void> {
    await runScript(
      this.#redis,
      'cwSaveTerminal',
      [KEYS.registry.terminals, KEYS.registry.changed],
      [terminal.id, JSON.stringify(terminal)],
    );
  }

  watch(onChange: () => void): () => void {
    let active = true;
    void (async () => {
      this.#sub ??= await this.#subscriber();
      this.#sub.on('message', (channel: string) => {
        if (active && channel === KEYS.registry.changed) onChange();
      });
      await this.#sub.subscribe(KEYS.registry.changed);
    })().catch((error: unknown) => console.error('[registry] cannot watch for changes', error));
    return () => {
      active = false;
    };
  }

  close(): void {
    this.#sub?.disconnect();
  }
}

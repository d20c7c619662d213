import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  USER_CHANGE_KINDS,
  type AccessChange,
  type AccessChangeBus,
  type AccessChangeListener,
} from '../../domain/accounts/userChanges.ts';
import { MemoryAccessChangeBus } from '../memory/accessChanges.ts';
import { ACCOUNT_KEYS } from './accountKeys.ts';

const id = z.string().min(1).max(200);
/** What another process published (checked: a message on the channel is input like any other). */
const Message = z.object({
  origin: id,
  change: z.discriminatedUnion('type', [
    z.object({ type: z.literal('user'), userId: id, kinds: z.array(z.enum(USER_CHANGE_KINDS)).min(1) }),
    z.object({ type: z.literal('session'), userId: id, sessionId: id }),
    z.object({ type: z.literal('resync') }),
  ]),
});

/**
 * Access changes over Redis pub/sub, so every server process applies a sign-out, a password change,
 * a disabled user or a scope change at once. Local listeners hear a change directly (also when
 * Redis is down); the other processes through the channel (this process ignores its own messages).
 * A subscriber link that comes back after a drop may have missed messages: local listeners then
 * hear a `resync`.
 */
export class RedisAccessChangeBus implements AccessChangeBus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #local = new MemoryAccessChangeBus();
  readonly #origin = randomUUID();
  #started = false;

  /** `sub` is a connection of its own (it goes into subscriber mode). */
  constructor(pub: Redis, sub: Redis) {
    this.#pub = pub;
    this.#sub = sub;
  }

  /** Subscribes to the channel; resolves once other processes' changes will be heard. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#sub.on('message', (channel: string, text: string) => {
      if (channel === ACCOUNT_KEYS.accessChanges) this.#received(text);
    });
    await this.#sub.subscribe(ACCOUNT_KEYS.accessChanges);
    // ioredis resubscribes by itself after a reconnect; what was published meanwhile is lost.
    this.#sub.on('ready', () => this.#local.deliver({ type: 'resync' }));
  }

  subscribe(listener: AccessChangeListener): () => void {
    return this.#local.subscribe(listener);
  }

  async publish(change: AccessChange): Promise<void> {
    this.#local.deliver(change);
    await this.#pub.publish(ACCOUNT_KEYS.accessChanges, JSON.stringify({ origin: this.#origin, change }));
  }

  #received(text: string): void {
    let parsed: z.infer<typeof Message>;
    try {
      parsed = Message.parse(JSON.parse(text));
    } catch (error) {
      console.warn(`[accounts] ignored an invalid access change message: ${(error as Error).message.slice(0, 200)}`);
      return;
    }
    if (parsed.origin !== this.#origin) this.#local.deliver(parsed.change);
  }
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { InboxEntry, InboxReply, type AlarmInbox, type InboxPost } from '../../alarms/remote/inboxEntries.ts';
import { ALARM_KEYS } from './alarmKeys.ts';

const K = ALARM_KEYS.leader;
/** The inbox keeps about this many entries (a leaderless backlog beyond it is trimmed, oldest first). */
const MAX_ENTRIES = 100_000;
/** Saves the position only while the lease is ours. KEYS: lease, cursor. ARGV: token, entry id. */
const SAVE_CURSOR = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2]) return 1 end
return 0
`;

/** JSON that may not be JSON (what the stream or the channel holds is input like any other). */
function json(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return undefined;
  }
}

const warn = (what: string, error: unknown) => console.warn(`[alarms] inbox: ${what}: ${(error as Error).message}`);

/**
 * The alarm leader's inbox in Redis: a stream every process appends to (XADD: durable and ordered
 * before the sender goes on), read by the leader from the position the previous leader saved (a
 * key written under the lease, so a deposed leader cannot move it). Nothing queued while the leader
 * changes is lost: the next leader reads on from the saved position (an entry handled but not yet
 * saved is handled again: verdicts are idempotent, and the position is saved after every request).
 * Pub/sub would drop whatever is published while no leader listens. Replies to requests go over
 * pub/sub to the asking process (it is listening: it waits for them).
 */
export class RedisAlarmInbox implements AlarmInbox {
  readonly origin = randomUUID();
  readonly #redis: Redis;
  readonly #sub: Redis;
  readonly #openReader: () => Promise<Redis>;
  readonly #listeners = new Set<(reply: InboxReply) => void>();

  /**
   * `redis`: commands; `sub`: a connection of its own for the replies; `openReader`: opens the
   * blocking connection a leader's reading uses (one per term, disconnected when it ends).
   */
  constructor(redis: Redis, sub: Redis, openReader: () => Promise<Redis>) {
    this.#redis = redis;
    this.#sub = sub;
    this.#openReader = openReader;
  }

  /** Listens for the replies to this process's requests. */
  async start(): Promise<void> {
    const channel = K.replies(this.origin);
    this.#sub.on('message', (ch: string, text: string) => {
      if (ch !== channel) return;
      const parsed = InboxReply.safeParse(json(text));
      if (!parsed.success) return warn('ignored an invalid reply', new Error(parsed.error.message.slice(0, 200)));
      for (const l of this.#listeners) l(parsed.data);
    });
    await this.#sub.subscribe(channel);
  }

  async post(entry: InboxPost): Promise<void> {
    const full = { ...entry, origin: this.origin, at: Date.now() };
    await this.#redis.xadd(K.inbox, 'MAXLEN', '~', MAX_ENTRIES, '*', 'e', JSON.stringify(full));
  }

  onReply(listener: (reply: InboxReply) => void): void {
    this.#listeners.add(listener);
  }

  async reply(origin: string, reply: InboxReply): Promise<void> {
    await this.#redis.publish(K.replies(origin), JSON.stringify(reply));
  }

  consume(leaseToken: string, handle: (entry: InboxEntry) => Promise<void>): { stop(): Promise<void> } {
    let running = true;
    let reader = null as Redis | null;
    const save = async (id: string) => {
      const ok = await this.#redis.eval(SAVE_CURSOR, 2, K.lease, K.cursor, leaseToken, id);
      if (ok !== 1) running = false; // the lease is gone: the next leader reads on
    };
    const loop = async () => {
      let cursor = (await this.#redis.get(K.cursor)) ?? '0-0';
      reader = await this.#openReader();
      while (running) {
        const reply = (await reader.xread('COUNT', 100, 'BLOCK', 1000, 'STREAMS', K.inbox, cursor)) as
          [string, [string, string[]][]][] | null;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          if (!running) return;
          const entry = InboxEntry.safeParse(json(fields[1]));
          if (entry.success) await handle(entry.data);
          else warn(`skipped entry ${id}`, new Error(entry.error.message.slice(0, 200)));
          cursor = id;
          if (entry.success && entry.data.t === 'command') await save(cursor);
        }
        if (reply) await save(cursor);
      }
    };
    const done = (async () => {
      while (running) {
        try {
          await loop();
        } catch (error) {
          if (!running) break;
          warn('reading failed, retrying', error);
          reader?.disconnect();
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      reader?.disconnect();
    })();
    return {
      stop: async () => {
        running = false;
        reader?.disconnect();
        await done;
      },
    };
  }
}

import type { AlarmCommand, AlarmInbox, InboxEntry } from './inboxEntries.ts';
import { errorCode, type DomainError } from '../../domain/errors.ts';
import type { Acting } from '../../domain/alarms/alarmTransitions.ts';
import type { AlarmService } from '../alarmService.ts';
import { FeedMerge, type FeedChange } from './feedMerge.ts';

export interface LeaderWorkerOptions {
  service: AlarmService;
  inbox: AlarmInbox;
  /** How often every process reports all its cameras' liveness (its heartbeat). */
  heartbeatMs: number;
  /** Source reports older than this are stale when read (a backlog after a long leaderless time). */
  maxAgeMs?: number;
  now?: () => number;
}

/** Runs an operator's request on the leader's service; the answer is what the caller gets. */
export function runCommand(service: AlarmService, c: AlarmCommand, actor: Acting): Promise<unknown> {
  switch (c.op) {
    case 'ack':
      return service.acknowledge(c.req, actor);
    case 'clear':
      return service.clear(c.req, actor);
    case 'comment':
      return service.comment(c.req, actor);
    case 'snooze':
      return service.snooze(c.req, actor);
    case 'unsnooze':
      return service.unsnooze(c.req, actor).then(() => ({}));
    case 'report':
      return service.fileReport(c.req, actor);
  }
}

/**
 * The alarm leader at work on its inbox: wall verdicts and operators' requests from every process
 * go to its service in the order they were queued; every process's SFU liveness is merged
 * (FeedMerge) and the merged state observed. Right after the election it waits one heartbeat and a
 * half before judging liveness, so that every process had its say: a camera live on another process
 * is not called lost for want of its report.
 */
export class LeaderWorker {
  readonly #o: Required<LeaderWorkerOptions>;
  readonly #merge: FeedMerge;
  readonly #settleAt: number;
  readonly #timer: NodeJS.Timeout;
  #consumer: { stop(): Promise<void> } | null = null;
  #settled = false;

  constructor(o: LeaderWorkerOptions) {
    this.#o = { maxAgeMs: 60_000, now: Date.now, ...o };
    this.#merge = new FeedMerge(o.heartbeatMs * 3);
    this.#settleAt = this.#o.now() + o.heartbeatMs * 1.5;
    this.#timer = setInterval(() => void this.tick(), Math.min(500, o.heartbeatMs / 2));
  }

  /** Starts reading the inbox, the position saved under the lease `leaseToken`. */
  start(leaseToken: string): void {
    this.#consumer = this.#o.inbox.consume(leaseToken, (e) => this.handle(e));
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#consumer?.stop();
  }

  /** One inbox entry (exposed for tests). */
  async handle(e: InboxEntry): Promise<void> {
    const now = this.#o.now();
    const stale = now - e.at > this.#o.maxAgeMs;
    const s = this.#o.service;
    try {
      switch (e.t) {
        case 'picture':
          if (!stale) await s.observePicture(e.cameraId, e.source, e.verdict, e.onsetAt ?? e.at);
          return;
        case 'withdraw':
          await s.withdrawPicture(e.cameraId, e.source);
          return;
        case 'forget':
          await s.forgetSource(e.source);
          return;
        case 'feeds':
          if (!stale) await this.#apply(this.#merge.report(e.origin, e.feeds, e.full, now));
          return;
        case 'command':
          if (now <= e.expiresAt) await this.#answer(e);
          return;
      }
    } catch (error) {
      console.warn(`[alarms] inbox ${e.t} from ${e.origin}: ${(error as Error).message}`);
    }
  }

  async #answer(e: Extract<InboxEntry, { t: 'command' }>): Promise<void> {
    let reply;
    try {
      reply = { id: e.id, ok: true as const, data: await runCommand(this.#o.service, e.command, e.actor) };
    } catch (error) {
      const code = errorCode(error);
      if (!code) console.error(`[alarms] ${e.command.op} from ${e.origin} failed`, error);
      const { message, fields } = error as DomainError;
      reply = { id: e.id, ok: false as const, code: code ?? 'unavailable', message, ...(fields ? { fields } : {}) };
    }
    await this.#o.inbox.reply(e.origin, reply);
  }

  /** Forgets silent processes, and starts judging liveness once settled (every 0.5 s; tests call it). */
  async tick(): Promise<void> {
    const changes = this.#merge.expire(this.#o.now());
    if (!this.#settled && this.#o.now() >= this.#settleAt) {
      this.#settled = true;
      await this.#apply(this.#merge.all());
    }
    await this.#apply(changes);
  }

  async #apply(changes: FeedChange[]): Promise<void> {
    if (!this.#settled) return;
    for (const c of changes)
      await this.#o.service
        .observeFeed(c.cameraId, c.state ?? 'connecting')
        .catch((error: unknown) => console.warn(`[alarms] feed ${c.cameraId}: ${(error as Error).message}`));
  }
}

import type { AlarmCommand, AlarmInbox, InboxEntry } from './inboxEntries.ts';
import { errorCode, type DomainError } from '../../domain/errors.ts';
import type { Acting } from '../../domain/alarms/alarmTransitions.ts';
import type { AlarmService } from '../alarmService.ts';
import { FeedMerge, type FeedChange } from './feedMerge.ts';
import { OriginVerdicts, type ForwardedVerdict } from './originVerdicts.ts';

export interface LeaderWorkerOptions {
  service: AlarmService;
  inbox: AlarmInbox;
  /** How often every process reports all its cameras' liveness (its heartbeat). */
  heartbeatMs: number;
  /** Source reports older than this are stale when read (a backlog after a long leaderless time). */
  maxAgeMs?: number;
  now?: () => number;
}

const warnVerdict = (v: ForwardedVerdict) => (error: unknown) =>
  console.warn(`[alarms] verdict of ${v.source} on ${v.cameraId}: ${(error as Error).message}`);

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
 * is not called lost for want of its report. A process silent for three heartbeats stops counting
 * for its verdicts too (OriginVerdicts), which count again once it is heard from.
 */
export class LeaderWorker {
  readonly #o: Required<LeaderWorkerOptions>;
  readonly #merge: FeedMerge;
  readonly #verdicts: OriginVerdicts;
  readonly #settleAt: number;
  readonly #timer: NodeJS.Timeout;
  #consumer: { stop(): Promise<void> } | null = null;
  #settled = false;

  constructor(o: LeaderWorkerOptions) {
    this.#o = { maxAgeMs: 60_000, now: Date.now, ...o };
    this.#merge = new FeedMerge(o.heartbeatMs * 3);
    this.#verdicts = new OriginVerdicts(o.heartbeatMs * 3, this.#o.maxAgeMs);
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
      if (!stale) await this.#restore(this.#verdicts.heard(e.origin, now));
      switch (e.t) {
        case 'picture': {
          if (stale) return;
          const v = { cameraId: e.cameraId, source: e.source, verdict: e.verdict, onsetAt: e.onsetAt ?? e.at };
          this.#verdicts.report(e.origin, v);
          await s.observePicture(v.cameraId, v.source, v.verdict, v.onsetAt);
          return;
        }
        case 'withdraw':
          this.#verdicts.withdraw(e.origin, e.cameraId, e.source);
          await s.withdrawPicture(e.cameraId, e.source);
          return;
        case 'forget':
          this.#verdicts.forget(e.origin, e.source);
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

  /**
   * Forgets silent processes (their liveness and their verdicts), and starts judging liveness once
   * settled (every 0.5 s; tests call it).
   */
  async tick(): Promise<void> {
    // Queued at once, in order (the engine runs calls in order): a process heard from meanwhile is restored after.
    const silent = this.#verdicts.expire(this.#o.now());
    await Promise.all(silent.map((v) => this.#o.service.withdrawPicture(v.cameraId, v.source).catch(warnVerdict(v))));
    const changes = this.#merge.expire(this.#o.now());
    if (!this.#settled && this.#o.now() >= this.#settleAt) {
      this.#settled = true;
      await this.#apply(this.#merge.all());
    }
    await this.#apply(changes);
  }

  /** The verdicts of a process heard from again count again. */
  async #restore(verdicts: ForwardedVerdict[]): Promise<void> {
    const s = this.#o.service;
    await Promise.all(
      verdicts.map((v) => s.observePicture(v.cameraId, v.source, v.verdict, v.onsetAt).catch(warnVerdict(v))),
    );
  }

  async #apply(changes: FeedChange[]): Promise<void> {
    if (!this.#settled) return;
    for (const c of changes)
      await this.#o.service
        .observeFeed(c.cameraId, c.state ?? 'connecting')
        .catch((error: unknown) => console.warn(`[alarms] feed ${c.cameraId}: ${(error as Error).message}`));
  }
}

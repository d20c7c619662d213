import { randomUUID } from 'node:crypto';
import type { TileHealth } from '@clinicwall/contract';
import { DomainError } from '../../domain/errors.ts';
import type { Acting } from '../../domain/alarms/alarmTransitions.ts';
import type { AlarmWrites } from '../alarmDesk.ts';
import type { AlarmCommand, AlarmInbox, InboxReply } from './inboxEntries.ts';

interface Waiting {
  resolve(data: unknown): void;
  reject(error: Error): void;
}

/**
 * Alarm writes of a process running several: everything goes to the leader's inbox, whichever
 * process leads (this one too), in the order it was received. Verdicts resolve once durably queued;
 * an operator's request waits for the leader's answer, up to `timeoutMs` (then `unavailable`, and
 * the leader, reading it later, skips it: a refused request never happens behind the caller's back).
 */
export class ForwardingWrites implements AlarmWrites {
  readonly #inbox: AlarmInbox;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #waiting = new Map<string, Waiting>();
  /** The verdicts in force that this process forwarded, by source and camera (re-sent to a new leader). */
  readonly #verdicts = new Map<string, Map<string, { verdict: TileHealth; onsetAt?: number }>>();

  constructor(inbox: AlarmInbox, o: { timeoutMs?: number; now?: () => number } = {}) {
    this.#inbox = inbox;
    this.#timeoutMs = o.timeoutMs ?? 5000;
    this.#now = o.now ?? Date.now;
    inbox.onReply((r) => this.#answered(r));
  }

  observePicture(cameraId: string, source: string, verdict: TileHealth, onsetAt?: number): Promise<void> {
    const v = { verdict, ...(onsetAt === undefined ? {} : { onsetAt }) };
    const bySource = this.#verdicts.get(source) ?? new Map<string, typeof v>();
    this.#verdicts.set(source, bySource.set(cameraId, v));
    return this.#inbox.post({ t: 'picture', cameraId, source, ...v });
  }

  withdrawPicture(cameraId: string, source: string): Promise<void> {
    this.#verdicts.get(source)?.delete(cameraId);
    return this.#inbox.post({ t: 'withdraw', cameraId, source });
  }

  forgetSource(source: string): Promise<void> {
    this.#verdicts.delete(source);
    return this.#inbox.post({ t: 'forget', source });
  }

  /**
   * Sends every verdict in force again: a new leader starts with no conditions (they are not
   * stored), and walls report changes only. Call when the lease changed hands.
   */
  async resync(): Promise<void> {
    for (const [source, cameras] of this.#verdicts)
      for (const [cameraId, v] of cameras) await this.#inbox.post({ t: 'picture', cameraId, source, ...v });
  }

  readonly acknowledge: AlarmWrites['acknowledge'] = (req, actor) => this.#ask({ op: 'ack', req }, actor);
  readonly clear: AlarmWrites['clear'] = (req, actor) => this.#ask({ op: 'clear', req }, actor);
  readonly comment: AlarmWrites['comment'] = (req, actor) => this.#ask({ op: 'comment', req }, actor);
  readonly snooze: AlarmWrites['snooze'] = (req, actor) => this.#ask({ op: 'snooze', req }, actor);
  readonly unsnooze: AlarmWrites['unsnooze'] = async (req, actor) =>
    void (await this.#ask({ op: 'unsnooze', req }, actor));
  readonly fileReport: AlarmWrites['fileReport'] = (req, actor) => this.#ask({ op: 'report', req }, actor);

  /** Rejects every request still waiting (the process is closing). */
  close(): void {
    for (const w of this.#waiting.values()) w.reject(new DomainError('unavailable', 'the server is shutting down'));
    this.#waiting.clear();
  }

  async #ask<T>(command: AlarmCommand, actor: Acting): Promise<T> {
    const id = randomUUID();
    // The leader skips it from a second before the caller gives up, so a late answer never goes unheard.
    const expiresAt = this.#now() + this.#timeoutMs - 1000;
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new DomainError('unavailable', 'no alarm leader answered; try again'));
      }, this.#timeoutMs);
      const done =
        <A>(f: (a: A) => void) =>
        (a: A) => {
          clearTimeout(timer);
          this.#waiting.delete(id);
          f(a);
        };
      this.#waiting.set(id, { resolve: done(resolve), reject: done(reject) });
    });
    try {
      await this.#inbox.post({ t: 'command', id, expiresAt, actor: { id: actor.id, role: actor.role }, command });
    } catch (error) {
      this.#waiting
        .get(id)
        ?.reject(new DomainError('unavailable', `the alarm inbox is unreachable: ${(error as Error).message}`));
    }
    return (await answer) as T;
  }

  #answered(reply: InboxReply): void {
    const w = this.#waiting.get(reply.id);
    if (!w) return; // given up on, or another process's
    if (reply.ok) w.resolve(reply.data);
    else w.reject(new DomainError(reply.code, reply.message, reply.fields));
  }
}

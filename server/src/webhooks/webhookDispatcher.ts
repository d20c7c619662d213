import { randomUUID } from 'node:crypto';
import type { AlarmEventDto, AlarmWebhookBody, WebhookDeliveryDto } from '@clinicwall/contract';
import { DeliveryLog } from './deliveryLog.ts';
import { DEFAULT_RETRY_POLICY, judgeAttempt, nextDelayMs, parseRetryAfter, type RetryPolicy } from './retryPolicy.ts';
import { eventSubject, isWebhookEvent, redactTarget } from './webhookEvents.ts';
import { fetchWebhook, type SendWebhook } from './webhookSender.ts';

export interface WebhookTarget {
  url: string;
  /** HMAC key shared with the receiver; never logged or listed. */
  secret: string;
}

export interface WebhookDispatcherOptions {
  targets: readonly WebhookTarget[];
  policy?: Partial<RetryPolicy>;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Attempts in flight per target (default 4). */
  concurrency?: number;
  /** Deliveries waiting for a free slot per target; beyond it the oldest waiting is dropped (default 10,000). */
  maxWaiting?: number;
  log?: DeliveryLog;
  send?: SendWebhook;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
}

interface Delivery {
  dto: WebhookDeliveryDto;
  target: WebhookTarget;
  body: string;
}

/** One target's queue: deliveries ready for an attempt, and the attempts in flight. */
interface Lane {
  target: WebhookTarget;
  ready: Delivery[];
  inFlight: number;
}

/**
 * Sends alarm events to the configured webhook targets without ever holding up the caller:
 * dispatch() queues and returns. Per target, a few attempts run at once; failures (network error,
 * timeout, 408/425/429/5xx) are retried with exponential back-off and jitter, never sooner than
 * the receiver's Retry-After, up to the policy's attempts; every attempt (status, latency, error)
 * is in the bounded delivery log. Nothing is persisted: deliveries still waiting when the server
 * stops are dropped (marked so in the log).
 */
export class WebhookDispatcher {
  readonly log: DeliveryLog;
  readonly #lanes: Lane[];
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #maxWaiting: number;
  readonly #send: SendWebhook;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #newId: () => string;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #retrying = new Set<Delivery>();
  readonly #stop = new AbortController();
  #idleWaiters: (() => void)[] = [];

  constructor(o: WebhookDispatcherOptions) {
    this.#lanes = o.targets.map((target) => ({ target, ready: [], inFlight: 0 }));
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...o.policy };
    this.#timeoutMs = o.timeoutMs ?? 10_000;
    this.#concurrency = o.concurrency ?? 4;
    this.#maxWaiting = o.maxWaiting ?? 10_000;
    this.log = o.log ?? new DeliveryLog();
    this.#send = o.send ?? fetchWebhook;
    this.#now = o.now ?? Date.now;
    this.#random = o.random ?? Math.random;
    this.#newId = o.newId ?? randomUUID;
    if (!(this.#policy.maxAttempts >= 1))
      throw new TypeError(`maxAttempts must be at least 1, got ${this.#policy.maxAttempts}`);
  }

  get targets(): number {
    return this.#lanes.length;
  }

  /** Queues an event for every target (events receivers need not see are skipped). Never throws. */
  dispatch(event: AlarmEventDto): void {
    if (this.#stop.signal.aborted || this.#lanes.length === 0 || !isWebhookEvent(event)) return;
    const eventId = this.#newId();
    const payload: AlarmWebhookBody = { id: eventId, event };
    const body = JSON.stringify(payload);
    const subject = eventSubject(event);
    for (const lane of this.#lanes) {
      const dto: WebhookDeliveryDto = {
        id: this.#newId(),
        eventId,
        eventType: event.type,
        ...subject,
        target: redactTarget(lane.target.url),
        state: 'pending',
        attempts: [],
        createdAt: this.#now(),
        nextAttemptAt: null,
        finishedAt: null,
      };
      this.log.add(dto);
      lane.ready.push({ dto, target: lane.target, body });
      if (lane.ready.length > this.#maxWaiting) this.#finish(lane.ready.shift()!, 'dropped');
      this.#pump(lane);
    }
  }

  /** Resolves when nothing is in flight, waiting or scheduled (tests). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops: no new attempts, in-flight ones aborted, waiting ones dropped. Idempotent. */
  close(): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const d of this.#retrying) this.#finish(d, 'dropped');
    this.#retrying.clear();
    for (const lane of this.#lanes) for (const d of lane.ready.splice(0)) this.#finish(d, 'dropped');
    this.#checkIdle();
  }

  #pump(lane: Lane): void {
    while (!this.#stop.signal.aborted && lane.inFlight < this.#concurrency && lane.ready.length > 0) {
      const delivery = lane.ready.shift()!;
      lane.inFlight++;
      void this.#attempt(delivery).finally(() => {
        lane.inFlight--;
        this.#pump(lane);
        this.#checkIdle();
      });
    }
  }

  async #attempt(d: Delivery): Promise<void> {
    const at = this.#now();
    d.dto.nextAttemptAt = null;
    const answer = await this.#send(
      {
        url: d.target.url,
        secret: d.target.secret,
        body: d.body,
        eventId: d.dto.eventId,
        eventType: d.dto.eventType,
        attempt: d.dto.attempts.length + 1,
        timeoutMs: this.#timeoutMs,
        signal: this.#stop.signal,
      },
      at,
    ).catch((error: unknown) => ({ status: null, error: (error as Error).message }) as const);
    const done = this.#now();
    d.dto.attempts.push({
      at,
      status: answer.status,
      latencyMs: done - at,
      error: answer.status === null ? answer.error : answer.status >= 300 ? `HTTP ${answer.status}` : null,
    });
    const verdict = judgeAttempt(answer.status);
    if (verdict === 'delivered') return this.#finish(d, 'delivered');
    if (this.#stop.signal.aborted) return this.#finish(d, 'dropped');
    const retryAfter = answer.status === null ? null : parseRetryAfter(answer.retryAfter, done);
    const delay =
      verdict === 'retry' ? nextDelayMs(d.dto.attempts.length, retryAfter, this.#policy, this.#random) : null;
    if (delay === null) {
      console.warn(
        `[webhooks] ${d.dto.eventType} ${d.dto.eventId} to ${d.dto.target}: given up after ${d.dto.attempts.length} attempt(s) (${d.dto.attempts.at(-1)!.error})`,
      );
      return this.#finish(d, 'failed');
    }
    d.dto.state = 'retrying';
    d.dto.nextAttemptAt = done + delay;
    this.#retrying.add(d);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#retrying.delete(d);
      const lane = this.#lanes.find((l) => l.target === d.target)!;
      lane.ready.push(d);
      this.#pump(lane);
    }, delay);
    this.#timers.add(timer);
  }

  #finish(d: Delivery, state: 'delivered' | 'failed' | 'dropped'): void {
    d.dto.state = state;
    d.dto.nextAttemptAt = null;
    d.dto.finishedAt = this.#now();
  }

  #isIdle(): boolean {
    return this.#timers.size === 0 && this.#lanes.every((l) => l.inFlight === 0 && l.ready.length === 0);
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}

export interface DueTimerOptions {
  /** When something is next due (may be in the past: fire at once); null when nothing waits. */
  nextDueAt: (now: number) => number | null;
  /** Runs what is due; a rejection is logged and retried after retryAfterErrorMs. */
  fire: () => Promise<unknown>;
  now?: () => number;
  /** Longest sleep, even with nothing due: a safety net that costs one cheap tick (default 60 s). */
  maxWaitMs?: number;
  /** Shortest gap between two fires, so a due time that does not move cannot spin (default 10 ms). */
  minGapMs?: number;
  retryAfterErrorMs?: number;
}

/**
 * One timer armed for the earliest due time of a clock-free component (the alarm engine): call
 * reschedule() after every change; it re-arms after each fire. Never two fires at once.
 */
export class DueTimer {
  readonly #o: Required<DueTimerOptions>;
  #timer: NodeJS.Timeout | null = null;
  #firing = false;
  #lastFireAt = -Infinity;
  #failedAt = -Infinity;
  #closed = false;

  constructor(o: DueTimerOptions) {
    this.#o = { now: Date.now, maxWaitMs: 60_000, minGapMs: 10, retryAfterErrorMs: 1000, ...o };
  }

  /** When the timer is armed for (ms since epoch), null when idle or closed. */
  armedFor: number | null = null;

  reschedule(): void {
    if (this.#closed) return;
    if (this.#firing) return; // re-armed when the fire ends
    const now = this.#o.now();
    const due = this.#o.nextDueAt(now);
    let at = Math.min(due ?? Infinity, now + this.#o.maxWaitMs);
    at = Math.max(at, this.#lastFireAt + this.#o.minGapMs, this.#failedAt + this.#o.retryAfterErrorMs);
    if (this.#timer && this.armedFor === at) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.armedFor = at;
    this.#timer = setTimeout(() => void this.#fire(), Math.max(0, at - now));
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.armedFor = null;
  }

  async #fire(): Promise<void> {
    this.#timer = null;
    this.armedFor = null;
    this.#firing = true;
    this.#lastFireAt = this.#o.now();
    try {
      await this.#o.fire();
    } catch (error) {
      this.#failedAt = this.#o.now();
      console.warn(`[alarms] timer: ${(error as Error).message}; retrying`);
    } finally {
      this.#firing = false;
      this.reschedule();
    }
  }
}

import { EventEmitter } from 'node:events';
import type { IngestState } from '@clinicwall/contract';

/** A running child the supervisor watches. */
export interface Running {
  /** Resolves when the child has ended, with a reason for the log. */
  readonly exited: Promise<string>;
  /** OS process id, shown to operators and used by tests to simulate a crash. */
  readonly pid: number | null;
  stop(): void;
}

export interface SupervisorOptions {
  /** First retry delay; doubles per consecutive failure up to maxBackoffMs. */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** A run that lasted at least this long resets the back-off. */
  healthyAfterMs: number;
}

export const DEFAULT_SUPERVISOR: SupervisorOptions = { minBackoffMs: 500, maxBackoffMs: 8000, healthyAfterMs: 10_000 };

export function backoffDelay(failures: number, o: SupervisorOptions): number {
  return Math.min(o.maxBackoffMs, o.minBackoffMs * 2 ** Math.max(0, failures - 1));
}

export interface SupervisorSnapshot {
  state: IngestState;
  restarts: number;
  lastError: string | null;
  nextRetryAt: number | null;
  pid: number | null;
}

/**
 * Keeps one child running: starts it, restarts it with exponential back-off when it ends, and
 * exposes its state. `launch` does the real work (spawn ffmpeg, create the transport).
 */
export class Supervisor extends EventEmitter<{ change: [SupervisorSnapshot] }> {
  readonly #launch: () => Promise<Running>;
  readonly #opts: SupervisorOptions;
  #state: IngestState = 'idle';
  #restarts = 0;
  #failures = 0;
  #lastError: string | null = null;
  #nextRetryAt: number | null = null;
  #current: Running | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(launch: () => Promise<Running>, opts: SupervisorOptions = DEFAULT_SUPERVISOR) {
    super();
    this.#launch = launch;
    this.#opts = opts;
  }

  get snapshot(): SupervisorSnapshot {
    return {
      state: this.#state,
      restarts: this.#restarts,
      lastError: this.#lastError,
      nextRetryAt: this.#nextRetryAt,
      pid: this.#current?.pid ?? null,
    };
  }

  start(): void {
    if (this.#state !== 'idle' && this.#state !== 'stopped') return;
    void this.#run();
  }

  /** Marks the current run healthy (media seen); a later exit then restarts without delay growth. */
  markRunning(): void {
    if (this.#state === 'starting') this.#set('running');
  }

  /** Ends the child (if any) and starts it again now, e.g. after its router was replaced. */
  restartNow(): void {
    if (this.#state === 'stopped' || this.#state === 'idle') return;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
      void this.#run();
      return;
    }
    this.#current?.stop();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextRetryAt = null;
    this.#set('stopped');
    this.#current?.stop();
  }

  async #run(): Promise<void> {
    this.#nextRetryAt = null;
    this.#set('starting');
    const startedAt = Date.now();
    let reason: string;
    try {
      this.#current = await this.#launch();
      if (this.#state === 'stopped') {
        this.#current.stop();
        return;
      }
      this.emit('change', this.snapshot);
      reason = await this.#current.exited;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    this.#current = null;
    if (this.#state === 'stopped') return;
    this.#lastError = reason;
    this.#failures = Date.now() - startedAt >= this.#opts.healthyAfterMs ? 1 : this.#failures + 1;
    const delay = backoffDelay(this.#failures, this.#opts);
    this.#restarts++;
    this.#nextRetryAt = Date.now() + delay;
    this.#set('backoff');
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, delay);
  }

  #set(state: IngestState): void {
    this.#state = state;
    this.emit('change', this.snapshot);
  }
}

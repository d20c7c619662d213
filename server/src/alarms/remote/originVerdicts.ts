import type { TileHealth } from '@clinicwall/contract';

/** A wall verdict a process forwarded, as the leader's service got it. */
export interface ForwardedVerdict {
  cameraId: string;
  source: string;
  verdict: TileHealth;
  onsetAt: number;
}

interface Origin {
  lastSeen: number;
  silent: boolean;
  verdicts: Map<string, ForwardedVerdict>;
}

const key = (cameraId: string, source: string) => `${source}\n${cameraId}`;

/**
 * The wall verdicts in force that each server process forwarded to the leader, and whether that
 * process is still heard from: one silent for `silentAfterMs` (dead, or cut off from Redis) stops
 * counting, like its liveness reports (FeedMerge), so a dead process's verdict cannot hold an alarm
 * open; its verdicts are kept and count again as soon as it is heard from again. A process silent
 * for `forgetAfterMs` is forgotten (a restarted process has a new origin). Pure: the caller passes
 * the time.
 */
export class OriginVerdicts {
  readonly #silentAfterMs: number;
  readonly #forgetAfterMs: number;
  readonly #origins = new Map<string, Origin>();

  constructor(silentAfterMs: number, forgetAfterMs: number) {
    this.#silentAfterMs = silentAfterMs;
    this.#forgetAfterMs = Math.max(forgetAfterMs, silentAfterMs);
  }

  /** Something came from `origin` (its heartbeat, a verdict…); returns its verdicts that count again. */
  heard(origin: string, now: number): ForwardedVerdict[] {
    const o = this.#origins.get(origin);
    if (!o) {
      this.#origins.set(origin, { lastSeen: now, silent: false, verdicts: new Map() });
      return [];
    }
    o.lastSeen = now;
    if (!o.silent) return [];
    o.silent = false;
    return [...o.verdicts.values()];
  }

  /** `origin` forwarded a verdict (after heard()). */
  report(origin: string, v: ForwardedVerdict): void {
    this.#origins.get(origin)?.verdicts.set(key(v.cameraId, v.source), v);
  }

  /** A wall of `origin` withdrew a camera. */
  withdraw(origin: string, cameraId: string, source: string): void {
    this.#origins.get(origin)?.verdicts.delete(key(cameraId, source));
  }

  /** A wall of `origin` went away. */
  forget(origin: string, source: string): void {
    const o = this.#origins.get(origin);
    if (o) for (const [k, v] of o.verdicts) if (v.source === source) o.verdicts.delete(k);
  }

  /** Marks the processes silent for silentAfterMs; returns their verdicts, which stop counting. */
  expire(now: number): ForwardedVerdict[] {
    const stopped: ForwardedVerdict[] = [];
    for (const [origin, o] of this.#origins) {
      if (now - o.lastSeen >= this.#forgetAfterMs) this.#origins.delete(origin);
      if (o.silent || now - o.lastSeen < this.#silentAfterMs) continue;
      o.silent = true;
      stopped.push(...o.verdicts.values());
    }
    return stopped;
  }
}

import type { CameraState } from '@clinicwall/contract';
import type { FeedReport } from './inboxEntries.ts';

/** A camera's merged liveness changed (null: no process reports it any more). */
export interface FeedChange {
  cameraId: string;
  state: CameraState | null;
}

interface Origin {
  lastSeen: number;
  feeds: Map<string, CameraState>;
}

/** Live if any process receives media; else no signal if any says so; else connecting. */
function merge(states: CameraState[]): CameraState | null {
  if (states.includes('live')) return 'live';
  if (states.includes('no_signal')) return 'no_signal';
  return states.length ? 'connecting' : null;
}

/**
 * The SFU liveness of every camera as every server process sees it, merged: a camera has signal
 * when any process receives its media (a WebRTC publisher sends to one process only; an IP camera
 * may be pulled by several). Each process reports all its cameras every heartbeat and changes in
 * between; a process silent for `staleAfterMs` (dead, or cut off from Redis) stops counting, so
 * its last "live" cannot hide a cut. Pure: the caller passes the time.
 */
export class FeedMerge {
  readonly #staleAfterMs: number;
  readonly #origins = new Map<string, Origin>();
  readonly #merged = new Map<string, CameraState>();

  constructor(staleAfterMs: number) {
    this.#staleAfterMs = staleAfterMs;
  }

  /** A process's report: `full` replaces everything it said before. Returns the merged changes. */
  report(origin: string, feeds: readonly FeedReport[], full: boolean, now: number): FeedChange[] {
    let o = this.#origins.get(origin);
    if (!o) this.#origins.set(origin, (o = { lastSeen: now, feeds: new Map() }));
    const touched = new Set(feeds.map((f) => f.cameraId));
    if (full) for (const cameraId of o.feeds.keys()) touched.add(cameraId);
    if (full) o.feeds.clear();
    o.lastSeen = now;
    for (const f of feeds) o.feeds.set(f.cameraId, f.state);
    return this.#remerge(touched);
  }

  /** Forgets the processes silent for staleAfterMs; returns the merged changes. */
  expire(now: number): FeedChange[] {
    const touched = new Set<string>();
    for (const [origin, o] of this.#origins)
      if (now - o.lastSeen >= this.#staleAfterMs) {
        this.#origins.delete(origin);
        for (const cameraId of o.feeds.keys()) touched.add(cameraId);
      }
    return this.#remerge(touched);
  }

  /** Every camera's merged state. */
  all(): FeedChange[] {
    return [...this.#merged].map(([cameraId, state]) => ({ cameraId, state }));
  }

  #remerge(cameraIds: Iterable<string>): FeedChange[] {
    const changes: FeedChange[] = [];
    for (const cameraId of cameraIds) {
      const states = [...this.#origins.values()].flatMap((o) => o.feeds.get(cameraId) ?? []);
      const state = merge(states);
      if ((this.#merged.get(cameraId) ?? null) === state) continue;
      if (state === null) this.#merged.delete(cameraId);
      else this.#merged.set(cameraId, state);
      changes.push({ cameraId, state });
    }
    return changes;
  }
}

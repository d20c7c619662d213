import { getContext, setContext } from 'svelte';
import type { TileHealth as Health } from '@clinicwall/contract';
import { createHealthWorker, MODEL_VERSION } from '../health/client.ts';
import type { FromWorker, HealthBackend, HealthChangeMsg, TickFrame, TickStats, ToWorker } from '../health/protocol.ts';
import { request, type AppSocket } from '../socket.ts';
import { frames as paintedFrames } from '../wall/frameCounter.ts';

/** One camera's smoothed picture health as the wall shows it. */
export interface CameraHealth {
  verdict: Exclude<Health, 'ok'>;
  /** When the condition began (ms since epoch). */
  since: number;
  confidence: number;
}

/** Sampling period: the pipeline classifies each tile at 2 Hz. */
export const HEALTH_TICK_MS = 500;
/** A camera not sampled for this long (off page, no signal) is forgotten by the pipeline. */
const FORGET_AFTER_MS = 3_000;

/**
 * Drives the tile-health worker: every tick it grabs a VideoFrame from each visible live tile and
 * transfers them to the worker; verdict changes come back, are kept per camera, and each change is
 * reported to the server (`health:verdict`), re-sent after a reconnect.
 */
export class TileHealthMonitor {
  /** Per camera; a camera missing here is ok (or not watched). */
  health = $state.raw<Record<string, CameraHealth>>({});
  stats = $state.raw<TickStats | null>(null);
  backend = $state<HealthBackend | null>(null);
  threads = $state(0);
  initMs = $state(0);
  error = $state<string | null>(null);

  #worker: Worker | null = null;
  #socket: () => AppSocket | null = () => null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #inFlight = false;
  #lastT = 0;
  // Bookkeeping, not UI state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #lastSeen = new Map<string, number>();
  #boundSocket: AppSocket | null = null;

  verdict(cameraId: string): Health {
    return this.health[cameraId]?.verdict ?? 'ok';
  }

  start(socket: () => AppSocket | null): void {
    this.#socket = socket;
    if (typeof VideoFrame === 'undefined' || typeof Worker === 'undefined') {
      this.error = 'VideoFrame/Worker unsupported';
      return;
    }
    try {
      this.#worker = createHealthWorker();
    } catch (error) {
      this.error = String(error);
      return;
    }
    this.#worker.onmessage = (e: MessageEvent<FromWorker>) => this.#onMessage(e.data);
    this.#worker.onerror = (e) => {
      this.error = e.message || 'worker error';
      this.#inFlight = false;
    };
    this.#timer = setInterval(() => this.#tick(), HEALTH_TICK_MS);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#worker?.terminate();
    this.#worker = null;
    this.#boundSocket?.off('connect', this.#resend);
    this.#boundSocket = null;
  }

  #onMessage(msg: FromWorker): void {
    if (msg.type === 'ready') {
      this.backend = msg.backend;
      this.threads = msg.threads;
      this.initMs = msg.initMs;
    } else if (msg.type === 'error') {
      console.warn('[health]', msg.message);
      this.error = msg.message;
      this.#inFlight = false;
    } else if (msg.type === 'skipped') {
      this.#inFlight = false;
    } else {
      this.#inFlight = false;
      this.stats = msg.stats;
      if (msg.changes.length > 0) this.#apply(msg.changes);
    }
  }

  #apply(changes: HealthChangeMsg[]): void {
    const next = { ...this.health };
    for (const c of changes) {
      if (c.verdict === 'ok') delete next[c.cameraId];
      else next[c.cameraId] = { verdict: c.verdict, since: c.onsetAt, confidence: c.confidence };
      this.#report(c.cameraId, c.verdict, c.confidence, c.onsetAt);
    }
    this.health = next;
  }

  #report(cameraId: string, verdict: Health, confidence: number, onsetAt: number): void {
    const socket = this.#bind();
    if (!socket || !this.backend) return;
    request(socket, 'health:verdict', {
      cameraId,
      verdict,
      confidence,
      onsetAt: Math.max(1, Math.round(onsetAt)),
      modelVersion: MODEL_VERSION,
      backend: this.backend,
    }).catch((error: unknown) => console.warn(`[health] report ${cameraId}`, error));
  }

  #bind(): AppSocket | null {
    const socket = this.#socket();
    if (socket && this.#boundSocket !== socket) {
      this.#boundSocket?.off('connect', this.#resend);
      this.#boundSocket = socket;
      socket.on('connect', this.#resend);
    }
    return socket;
  }

  /** The server forgets a wall's verdicts when its socket drops: tell it again what is wrong. */
  #resend = (): void => {
    for (const [id, h] of Object.entries(this.health)) this.#report(id, h.verdict, h.confidence, h.since);
  };

  #tick(): void {
    this.#bind();
    const worker = this.#worker;
    if (!worker || !this.backend || this.#inFlight || document.visibilityState !== 'visible') return;
    const g0 = performance.now();
    const now = Date.now();
    // Never closer than one period to the last tick (timer jitter would make the pipeline skip a sample).
    const tMs = Math.max(now, this.#lastT + HEALTH_TICK_MS);
    this.#lastT = tMs;
    const frames: TickFrame[] = [];
    const tiles = document.querySelectorAll<HTMLElement>('[data-testid="tile"][data-state="live"]');
    for (const tile of tiles) {
      const cameraId = tile.dataset.cameraId;
      const video = tile.querySelector<HTMLVideoElement>('[data-testid="tile-video"]');
      if (!cameraId || !video || video.readyState < 2 || video.videoWidth === 0) continue;
      try {
        frames.push({ cameraId, frame: new VideoFrame(video), framesDecoded: paintedFrames(cameraId) });
        this.#lastSeen.set(cameraId, now);
      } catch {
        // no frame yet
      }
    }
    this.#forgetStale(now);
    if (frames.length === 0) return;
    const msg: ToWorker = { type: 'tick', tMs, grabMs: performance.now() - g0, frames };
    this.#inFlight = true;
    worker.postMessage(
      msg,
      frames.map((f) => f.frame),
    );
  }

  #forgetStale(now: number): void {
    const gone: string[] = [];
    for (const [id, at] of this.#lastSeen) if (now - at > FORGET_AFTER_MS) gone.push(id);
    if (gone.length === 0) return;
    for (const id of gone) this.#lastSeen.delete(id);
    this.#worker?.postMessage({ type: 'forget', cameraIds: gone } satisfies ToWorker);
    if (gone.some((id) => id in this.health)) {
      const next = { ...this.health };
      for (const id of gone) delete next[id];
      this.health = next;
    }
  }
}

const KEY = Symbol('tile-health');

/** The wall page provides its monitor to the tiles (tiles elsewhere simply show no health). */
export function provideTileHealth(monitor: TileHealthMonitor): void {
  setContext(KEY, monitor);
}

export function useTileHealth(): TileHealthMonitor | null {
  return getContext<TileHealthMonitor | undefined>(KEY) ?? null;
}

import { getContext, setContext } from 'svelte';
import type { TileHealth as Health } from '@clinicwall/contract';
import type { WebGpuStatus } from '../health/backend.ts';
import { createHealthWorker, MODEL_VERSION } from '../health/client.ts';
import { DEFAULT_MAX_HZ, healthConfig } from '../health/config.ts';
import { FrameProgress, inboundVideo, type FrameReading } from '../health/frameProgress.ts';
import { PipelineMembers, ReportedCameras } from '../health/members.ts';
import type { FromWorker, HealthBackend, HealthChangeMsg, TickFrame, TickStats, ToWorker } from '../health/protocol.ts';
import { browserReferenceStore, type ReferenceStore } from '../health/referenceStore.ts';
import { activeReference, type ReferenceEntry, type ReferenceSource } from '../health/references.ts';
import { CHECK_MS, CheckGate, samplePeriodMs, SampleScheduler } from '../health/sampling.ts';
import { StatsWindow, type WindowSummary } from '../health/statsWindow.ts';
import { request, type AppSocket } from '../socket.ts';
import { frames as paintedFrames } from '../wall/frameCounter.ts';

/** One camera's smoothed picture health as the wall shows it. */
export interface CameraHealth {
  verdict: Exclude<Health, 'ok'>;
  /** When the condition began (ms since epoch). */
  since: number;
  confidence: number;
}

/** The reference view a camera's redirected check uses. */
export interface CameraReference {
  source: ReferenceSource;
  /** When the view was sampled (ms since epoch). */
  takenAt: number;
  /** 3x64x64 planar RGB bytes. */
  pixels: Uint8Array;
  /** An automatic reference was learned and is kept (the operator can go back to it). */
  learned: boolean;
}

/**
 * The sampler's timer; each tile is classified every 500-1000 ms depending on the wall, and checked
 * for a frozen picture at least every 500 ms (see sampling.ts).
 */
export const HEALTH_TICK_MS = 250;
/** Longest wait for the stored reference views before sampling starts without them. */
const REFERENCES_WAIT_MS = 3_000;
/** A tile without a live picture (no signal, reconnecting) for this long leaves the pipeline. */
const FORGET_AFTER_MS = 3_000;
/**
 * Per-tile cost estimate for the sampling rate: a low percentile of the last ticks' worker time per
 * classified tile (the frozen checks between samples are charged to them, so the budget covers
 * both). Wall-clock time in the worker includes waiting for a core the video decoders hold; the
 * fastest ticks are the closest to the CPU the worker itself uses.
 */
const COST_TICKS = 40;
const COST_PERCENTILE = 0.2;

/**
 * Drives the tile-health worker: every tick it grabs a VideoFrame from each visible live tile that is
 * due for a sample and transfers them to the worker; verdict changes come back, are kept per camera,
 * and each change is reported to the server (`health:verdict`), re-sent after a reconnect; a camera
 * leaving the pipeline (its tile gone from the wall, or without a live picture for a few seconds)
 * is withdrawn (`health:withdraw`), so the server stops counting what this wall no longer sees. Keeps the
 * cameras' reference views (stored in this browser) and lets an operator replace them.
 */
export class TileHealthMonitor {
  /** Per camera; a camera missing here is ok (or not watched). */
  health = $state.raw<Record<string, CameraHealth>>({});
  stats = $state.raw<TickStats | null>(null);
  window = $state.raw<WindowSummary | null>(null);
  references = $state.raw<Record<string, CameraReference>>({});
  /** The last reference action that failed, per camera (e.g. no picture yet). */
  referenceErrors = $state.raw<Record<string, string>>({});
  backend = $state<HealthBackend | null>(null);
  threads = $state(0);
  initMs = $state(0);
  webgpu = $state<WebGpuStatus | null>(null);
  webgpuDetail = $state('');
  isolated = $state(false);
  error = $state<string | null>(null);
  visible = $state(0);
  /** Current sampling period per tile (ms). */
  periodMs = $state(500);
  /** Samples skipped because frames arrived that the wall did not paint (its own overload), so far. */
  unpainted = $state(0);
  /** The frozen-check grabs between classifications are paused: the model is behind its rate. */
  checksPaused = $state(false);

  #worker: Worker | null = null;
  #socket: () => AppSocket | null = () => null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #inFlight = false;
  /** Cameras that left the pipeline while a tick was with the worker: its verdicts on them are stale. */
  #leftDuringTick: string[] = [];
  #referencesLoaded = false;
  #store: ReferenceStore | null = null;
  #scheduler = new SampleScheduler({ tickMs: HEALTH_TICK_MS });
  #checks = new CheckGate();
  #maxHz = DEFAULT_MAX_HZ;
  #progress = new FrameProgress();
  #receiveStats: (() => Promise<RTCStatsReport> | null) | null = null;
  #stats: { at: number; byTrack: Map<string, number> } | null = null;
  #statsPending = false;
  #statsTick = 0;
  #window = new StatsWindow();
  #costs: number[] = [];
  #members = new PipelineMembers(FORGET_AFTER_MS);
  #reported = new ReportedCameras();
  #boundSocket: AppSocket | null = null;

  verdict(cameraId: string): Health {
    return this.health[cameraId]?.verdict ?? 'ok';
  }

  /**
   * @param socket the wall's socket (verdicts are reported on it)
   * @param opts.receiveStats WebRTC receive statistics (frames arriving per track: tells a camera's
   *   stall from the wall's own); opts.store where reference views are kept (default IndexedDB)
   */
  start(
    socket: () => AppSocket | null,
    opts: { receiveStats?: () => Promise<RTCStatsReport> | null; store?: ReferenceStore } = {},
  ): void {
    const store = opts.store ?? browserReferenceStore();
    this.#socket = socket;
    this.#store = store;
    this.#receiveStats = opts.receiveStats ?? null;
    if (typeof VideoFrame === 'undefined' || typeof Worker === 'undefined') {
      this.error = 'VideoFrame/Worker unsupported';
      return;
    }
    try {
      const config = healthConfig(location.search);
      this.#maxHz = config.maxHz;
      this.#worker = createHealthWorker(config);
    } catch (error) {
      this.error = String(error);
      return;
    }
    this.#worker.onmessage = (e: MessageEvent<FromWorker>) => this.#onMessage(e.data);
    this.#worker.onerror = (e) => {
      this.error = e.message || 'worker error';
      this.#tickDone();
    };
    // Stored references reach the worker before the first frame: ticks wait for them, up to a few
    // seconds (a store that never answers must not stop the checks; late entries still apply).
    const waited = setTimeout(() => (this.#referencesLoaded = true), REFERENCES_WAIT_MS);
    store
      .loadAll()
      .catch((error: unknown) => {
        console.warn('[health] stored references unavailable', error);
        return [] as ReferenceEntry[];
      })
      .then((entries) => {
        clearTimeout(waited);
        if (!this.#worker) return;
        this.#post({ type: 'references', entries });
        this.#showReferences(entries);
        this.#referencesLoaded = true;
      });
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

  /** Operator: the camera's current view becomes its reference. */
  captureReference(cameraId: string): void {
    this.#clearReferenceError(cameraId);
    this.#post({ type: 'reference', cameraId, action: 'capture' });
  }

  /** Operator: back to the automatic reference (learned from the camera's first healthy minute). */
  automaticReference(cameraId: string): void {
    this.#clearReferenceError(cameraId);
    this.#post({ type: 'reference', cameraId, action: 'automatic' });
  }

  #post(msg: ToWorker): void {
    this.#worker?.postMessage(msg);
  }

  #onMessage(msg: FromWorker): void {
    switch (msg.type) {
      case 'ready':
        this.backend = msg.backend;
        this.threads = msg.threads;
        this.initMs = msg.initMs;
        this.webgpu = msg.webgpu;
        this.webgpuDetail = msg.webgpuDetail;
        this.isolated = msg.crossOriginIsolated;
        break;
      case 'error':
        console.warn('[health]', msg.message);
        this.error = msg.message;
        this.#tickDone();
        break;
      case 'skipped':
        this.#tickDone();
        break;
      case 'tick': {
        const left = this.#tickDone();
        this.#onTick(msg.stats);
        const changes = msg.changes.filter((c) => !left.includes(c.cameraId));
        if (changes.length > 0) this.#apply(changes);
        break;
      }
      case 'reference':
        this.#showReferences([msg.entry]);
        this.#store?.save(msg.entry).catch((error: unknown) => console.warn('[health] reference not stored', error));
        break;
      case 'referenceError':
        this.referenceErrors = { ...this.referenceErrors, [msg.cameraId]: msg.message };
        break;
      case 'probs':
        break;
    }
  }

  /** The tick in flight is answered; returns the cameras that left the pipeline meanwhile. */
  #tickDone(): string[] {
    this.#inFlight = false;
    const left = this.#leftDuringTick;
    this.#leftDuringTick = [];
    return left;
  }

  #onTick(stats: TickStats): void {
    this.stats = stats;
    const now = Date.now();
    this.#window.add({
      atMs: now,
      tiles: stats.tiles,
      classified: stats.classified,
      grabMs: stats.grabMs,
      workerMs: stats.workerMs,
    });
    this.window = this.#window.summary(now);
    if (stats.classified > 0) {
      this.#costs.push(stats.workerMs / stats.classified);
      if (this.#costs.length > COST_TICKS) this.#costs.shift();
    }
  }

  #perTileMs(): number | null {
    if (this.#costs.length === 0) return null;
    const sorted = [...this.#costs].sort((a, b) => a - b);
    return sorted[Math.floor(COST_PERCENTILE * (sorted.length - 1))]!;
  }

  #showReferences(entries: readonly ReferenceEntry[]): void {
    if (entries.length === 0) return;
    const next = { ...this.references };
    for (const e of entries) {
      const a = activeReference(e);
      if (a) {
        next[e.cameraId] = {
          source: a.source,
          takenAt: a.image.takenAt,
          pixels: a.image.pixels,
          learned: e.autoConfirmed && e.auto !== null,
        };
      } else delete next[e.cameraId];
    }
    this.references = next;
  }

  #clearReferenceError(cameraId: string): void {
    if (!(cameraId in this.referenceErrors)) return;
    const next = { ...this.referenceErrors };
    delete next[cameraId];
    this.referenceErrors = next;
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
    if (!socket?.connected || !this.backend) return;
    this.#reported.reported(cameraId);
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
    this.#reported.reconnected();
    for (const [id, h] of Object.entries(this.health)) this.#report(id, h.verdict, h.confidence, h.since);
  };

  #tick(): void {
    this.#bind();
    const worker = this.#worker;
    if (!worker || !this.backend || !this.#referencesLoaded) return;
    const now = Date.now();
    // The cameras with a tile on the wall: bookkeeping of one tick, not UI state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const tiles = new Set<string>();
    if (document.visibilityState !== 'visible') {
      // A hidden wall samples nothing: what it said would go stale on the server.
      this.#leave(this.#members.update([], tiles, now));
      return;
    }
    const videos: Record<string, HTMLVideoElement> = {};
    for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="tile"]')) {
      const cameraId = tile.dataset.cameraId;
      if (!cameraId) continue;
      tiles.add(cameraId);
      const video = tile.querySelector<HTMLVideoElement>('[data-testid="tile-video"]');
      if (tile.dataset.state !== 'live' || !video || video.readyState < 2 || video.videoWidth === 0) continue;
      videos[cameraId] = video;
    }
    this.#leave(this.#members.update(Object.keys(videos), tiles, now));
    const ids = Object.keys(videos);
    this.visible = ids.length;
    this.periodMs = samplePeriodMs(ids.length, this.#perTileMs(), { maxHz: this.#maxHz });
    // Judged on every timer tick, also while the worker is busy (an overloaded wall is just that).
    // Until the worker has answered ticks there is no rate to judge.
    const w = this.window;
    const checks = w ? this.#checks.update(now, ids.length, w.classifiedPerSec, this.periodMs) : this.#checks.on;
    this.checksPaused = !checks;
    // A busy worker: the due tiles stay due and go with the next tick.
    if (this.#inFlight || ids.length === 0) return;
    this.#pollStats();
    const g0 = performance.now();
    const frames: TickFrame[] = [];
    const stats = this.#stats;
    for (const { cameraId, classify } of this.#scheduler.due(
      ids,
      now,
      this.periodMs,
      checks ? CHECK_MS : this.periodMs,
    )) {
      const video = videos[cameraId]!;
      const trackId = (video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? null;
      const reading: FrameReading = {
        trackId,
        received: trackId !== null ? (stats?.byTrack.get(trackId) ?? null) : null,
        statsAt: stats?.at ?? null,
        painted: paintedFrames(cameraId),
      };
      const progress = this.#progress.check(cameraId, reading);
      if (!progress.sample) {
        // The camera sends, the wall does not paint: nothing new to judge. Due again next tick.
        this.unpainted++;
        continue;
      }
      try {
        frames.push({ cameraId, frame: new VideoFrame(video), tMs: now, framesDecoded: progress.arrived, classify });
        this.#scheduler.sampled(cameraId, now, classify);
        this.#progress.sampled(cameraId, reading, progress.arrived);
      } catch {
        // no frame yet
      }
    }
    if (frames.length === 0) return;
    const msg: ToWorker = { type: 'tick', tMs: now, grabMs: performance.now() - g0, frames };
    this.#inFlight = true;
    worker.postMessage(
      msg,
      frames.map((f) => f.frame),
    );
  }

  /**
   * Refreshes the frames-received counters, every other tick (a tile is sampled at most every
   * other tick, so each sample sees a newer reading), one request at a time.
   */
  #pollStats(): void {
    if (!this.#receiveStats || this.#statsPending || this.#statsTick++ % 2 !== 0) return;
    const pending = this.#receiveStats();
    if (!pending) {
      this.#stats = null;
      return;
    }
    this.#statsPending = true;
    pending
      .then((report) => (this.#stats = { at: performance.now(), byTrack: inboundVideo(report) }))
      .catch(() => (this.#stats = null))
      .finally(() => (this.#statsPending = false));
  }

  /** Cameras that left the pipeline: their state is dropped here, in the worker and on the server. */
  #leave(gone: string[]): void {
    if (gone.length === 0) return;
    if (this.#inFlight) this.#leftDuringTick.push(...gone);
    for (const id of gone) {
      this.#scheduler.forget(id);
      this.#progress.forget(id);
    }
    this.#post({ type: 'forget', cameraIds: gone });
    if (gone.some((id) => id in this.health)) {
      const next = { ...this.health };
      for (const id of gone) delete next[id];
      this.health = next;
    }
    const socket = this.#socket();
    for (const cameraIds of this.#reported.withdraw(gone)) {
      // Not connected: the server dropped all of this wall's verdicts already.
      if (!socket?.connected) continue;
      request(socket, 'health:withdraw', { cameraIds }).catch((error: unknown) =>
        console.warn(`[health] withdraw ${cameraIds.join(', ')}`, error),
      );
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

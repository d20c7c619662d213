import { EventEmitter } from 'node:events';
import type { StreamKind, TileHealth, TileVerdict } from '@clinicwall/contract';
import { TileHealthPipeline, type Classifier, type PipelineOptions, type RawFrame } from '@clinicwall/models';
import { InvalidStateError, type Tap } from '@clinicwall/sfu';
import {
  monotonicNow,
  TapDecoder,
  type DecodedFrame,
  type DecoderSnapshot,
  type TapDecoderOptions,
} from './tapDecoder.ts';

/** Where taps come from: the Sfu (`sfu.openTap`), or a test double. */
export interface TapSource {
  openTap(cameraId: string, stream: StreamKind): Promise<Tap>;
}

/** A smoothed verdict change of one camera, as the sentinel reports it (the contract's TileVerdict). */
export interface SentinelVerdict extends TileVerdict {
  source: 'sentinel';
  previous: TileHealth;
  /** When the smoother decided the change (ms since epoch); onsetAt is when the condition began. */
  decidedAt: number;
}

export interface SentinelCamera {
  cameraId: string;
  /** Smoothed verdict from the sentinel's own checks ('ok' until proven otherwise). */
  verdict: TileHealth;
  /** Onset of the current verdict, null while it is the initial ok. */
  since: number | null;
  /** The tap carries the camera's stream (false: no producer; signal loss is the SFU's verdict). */
  signal: boolean;
  /** Frames classified so far, and when the last one was taken. */
  checks: number;
  lastCheckAt: number | null;
  /** null while waiting for its turn to start (starts are spread out). */
  decoder: DecoderSnapshot | null;
  /** Why the camera could not be tapped (e.g. unknown to the SFU). */
  error: string | null;
}

/** One frame's raw (unsmoothed) result, for diagnostics. */
export interface SentinelCheck {
  cameraId: string;
  at: number;
  verdict: TileHealth;
  confidence: number;
  /** Mean abs luma difference to the camera's previous check (0-255), null for the first. */
  mad: number | null;
}

export interface SentinelTick {
  at: number;
  /** Frames classified in this tick (one inference call). */
  checks: SentinelCheck[];
  /** Wall time of the tick's inference, ms. */
  inferMs: number;
  changes: number;
}

export interface SentinelStats {
  cameras: number;
  ticks: number;
  checks: number;
  tickErrors: number;
  lastTickError: string | null;
  /** Total wall time spent in inference (preprocessing excluded), ms. */
  inferMs: number;
}

export interface SentinelOptions {
  taps: TapSource;
  /** The models library's classifier (NodeClassifier from models/src/classifier-node.ts). */
  classifier: Classifier;
  cameras?: readonly string[];
  /** Which stream to check (default the substream: small, cheap to decode). */
  stream?: StreamKind;
  /** How often the pending frames of all cameras are classified in one batch (default SENTINEL_TICK_MS). */
  tickMs?: number;
  modelVersion?: string;
  /** Pipeline settings (default SENTINEL_PIPELINE). */
  pipeline?: Omit<PipelineOptions, 'classifier' | 'maxBatch'>;
  decoder?: Omit<TapDecoderOptions, 'tap' | 'now'>;
  /** Decoder starts per second (default 10): a hundred ffmpeg starting at once stall the machine. */
  startsPerSecond?: number;
  /** Clock (ms since epoch, must not go backwards; default monotonic). */
  now?: () => number;
}

interface Entry {
  cameraId: string;
  tap: Tap | null;
  decoder: TapDecoder | null;
  verdict: TileHealth;
  since: number | null;
  checks: number;
  lastCheckAt: number | null;
  error: string | null;
  removed: boolean;
}

export const SENTINEL_MODEL_VERSION = 'tile-health-v1';

/**
 * A frame waits at most this long for its inference call: one call per tick holds every camera's
 * frames (100 cameras give ~125 frames a second: ~12 per call). Measured (bench/alarms.ts): a tick
 * of 1 s made the wait alone 0.5 s on average of the 5 s time-to-alarm budget.
 */
export const SENTINEL_TICK_MS = 100;

/**
 * The sentinel's pipeline settings.
 * - sampleHz 1.25: every key frame of a 1 s GOP is taken (a period just under the GOP absorbs
 *   arrival jitter), one per GOP of longer ones.
 * - raiseAfterMs 1500: a condition is raised on the third unhealthy key frame in a row of a 1 s GOP
 *   (two GOPs after the first; half a GOP from both the second and the third, so arrival jitter
 *   never moves it). Measured (bench/alarms.ts): on the fourth (2500) a covered camera took up to
 *   5.0 s to alarm, the key frames alone 3 s of it, against the 5 s target; three unhealthy key
 *   frames in a row still raised no false alarm over 16 healthy cameras for 10 minutes.
 * - sampleRule argmax: a key frame is unhealthy only when a tamper class leads. Measured
 *   (bench/tile-health-soak.ts --pipeline sentinel, 72 camera-hours): 0 false alarms, longest run 2
 *   key frames; with the walls' 'even-odds' rule 1 (a person standing at a pharmacy's lens).
 */
export const SENTINEL_PIPELINE = { sampleHz: 1.25, raiseAfterMs: 1500, sampleRule: 'argmax' } as const;

/**
 * The server-side tile-health sentinel: every camera is checked, watched or not. Per camera a tap
 * on the SFU and a key-frame decoder; all cameras' frames go through one TileHealthPipeline (the
 * models library the walls run) and are classified in one inference call per tick; smoothed changes
 * are emitted as `verdict`.
 *
 * Signal loss is not the sentinel's call: a camera whose stream stops (cut, ingest restarting)
 * gives no frames, hence no observations: its verdict is neither turned to frozen nor cleared, and
 * `signal` turns false; the SFU's liveness reports signal_loss. Frames coming back (on a new
 * producer too) continue the camera's state: same reference view, same smoothing.
 */
export class Sentinel extends EventEmitter<{ verdict: [SentinelVerdict]; tick: [SentinelTick] }> {
  readonly #o: SentinelOptions;
  readonly #pipeline: TileHealthPipeline;
  readonly #entries = new Map<string, Entry>();
  readonly #queue: Entry[] = [];
  readonly #now: () => number;
  readonly #modelVersion: string;
  #startTimer: NodeJS.Timeout | null = null;
  #lastStartAt = 0;
  #tickTimer: NodeJS.Timeout | null = null;
  #ticking = false;
  #stats: SentinelStats = { cameras: 0, ticks: 0, checks: 0, tickErrors: 0, lastTickError: null, inferMs: 0 };
  #closed = false;

  constructor(o: SentinelOptions) {
    super();
    const tickMs = o.tickMs ?? SENTINEL_TICK_MS;
    const starts = o.startsPerSecond ?? 10;
    if (!(tickMs >= 50)) throw new TypeError(`tickMs must be at least 50, got ${tickMs}`);
    if (!(starts > 0)) throw new TypeError(`startsPerSecond must be positive, got ${starts}`);
    this.#o = o;
    this.#now = o.now ?? monotonicNow;
    this.#modelVersion = o.modelVersion ?? SENTINEL_MODEL_VERSION;
    this.#pipeline = new TileHealthPipeline({
      ...SENTINEL_PIPELINE,
      ...o.pipeline,
      classifier: o.classifier,
      // One inference call per tick, whatever the number of cameras.
      maxBatch: Number.MAX_SAFE_INTEGER,
    });
    for (const id of o.cameras ?? []) this.addCamera(id);
    this.#tickTimer = setInterval(() => void this.#tick(), tickMs);
    this.#tickTimer.unref();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts checking a camera (its decoder starts in turn). Adding a checked camera does nothing. */
  addCamera(cameraId: string): void {
    this.#assertOpen();
    if (typeof cameraId !== 'string' || !cameraId) throw new TypeError('cameraId must be a non-empty string');
    if (this.#entries.has(cameraId)) return;
    const entry: Entry = {
      cameraId,
      tap: null,
      decoder: null,
      verdict: 'ok',
      since: null,
      checks: 0,
      lastCheckAt: null,
      error: null,
      removed: false,
    };
    this.#entries.set(cameraId, entry);
    this.#queue.push(entry);
    this.#scheduleStarts();
  }

  /** Stops checking a camera and forgets its state. */
  removeCamera(cameraId: string): void {
    const entry = this.#entries.get(cameraId);
    if (!entry) return;
    entry.removed = true;
    this.#entries.delete(cameraId);
    const q = this.#queue.indexOf(entry);
    if (q >= 0) this.#queue.splice(q, 1);
    entry.decoder?.close();
    entry.tap?.close();
    this.#pipeline.removeTile(cameraId);
  }

  /** Replaces a camera's reference view (the registered view the redirected check compares with). */
  setReference(cameraId: string, frame: RawFrame): void {
    this.#pipeline.setReference(cameraId, frame);
  }

  camera(cameraId: string): SentinelCamera | null {
    const e = this.#entries.get(cameraId);
    return e ? this.#describe(e) : null;
  }

  cameras(): SentinelCamera[] {
    return [...this.#entries.values()].map((e) => this.#describe(e));
  }

  stats(): SentinelStats {
    return { ...this.#stats, cameras: this.#entries.size };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#tickTimer) clearInterval(this.#tickTimer);
    if (this.#startTimer) clearTimeout(this.#startTimer);
    this.#tickTimer = this.#startTimer = null;
    for (const id of [...this.#entries.keys()]) this.removeCamera(id);
    this.#queue.length = 0;
  }

  #describe(e: Entry): SentinelCamera {
    return {
      cameraId: e.cameraId,
      verdict: e.verdict,
      since: e.since,
      signal: !!e.tap?.current,
      checks: e.checks,
      lastCheckAt: e.lastCheckAt,
      decoder: e.decoder?.snapshot ?? null,
      error: e.error,
    };
  }

  /** Starts queued cameras one at a time, at most `startsPerSecond`. */
  #scheduleStarts(): void {
    if (this.#startTimer || !this.#queue.length || this.#closed) return;
    const every = 1000 / (this.#o.startsPerSecond ?? 10);
    const wait = Math.max(0, this.#lastStartAt + every - Date.now());
    this.#startTimer = setTimeout(() => {
      this.#startTimer = null;
      const entry = this.#queue.shift();
      if (entry) {
        this.#lastStartAt = Date.now();
        void this.#startCamera(entry);
      }
      this.#scheduleStarts();
    }, wait);
    this.#startTimer.unref();
  }

  async #startCamera(entry: Entry): Promise<void> {
    let tap: Tap;
    try {
      tap = await this.#o.taps.openTap(entry.cameraId, this.#o.stream ?? 'sub');
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      return;
    }
    if (entry.removed || this.#closed) {
      tap.close();
      return;
    }
    entry.tap = tap;
    const decoder = new TapDecoder({ ...this.#o.decoder, tap, now: this.#now });
    decoder.on('frame', (f) => this.#onFrame(entry, f));
    entry.decoder = decoder;
    // The SFU dropped the camera (removed from the registry): stop checking it.
    tap.once('close', () => {
      if (entry.removed) return;
      decoder.close();
      entry.error = 'the SFU closed the tap (camera removed)';
    });
    decoder.start();
  }

  #onFrame(entry: Entry, f: DecodedFrame): void {
    if (entry.removed) return;
    try {
      this.#pipeline.push(entry.cameraId, f.at, { format: 'I420', width: f.width, height: f.height, data: f.data });
    } catch (error) {
      entry.error = `frame refused: ${(error as Error).message}`;
    }
  }

  async #tick(): Promise<void> {
    // A slow inference (busy machine) must not overlap the next tick; the frames wait.
    if (this.#ticking || this.#closed) return;
    this.#ticking = true;
    const t0 = performance.now();
    try {
      const changes = await this.#pipeline.flush();
      const inferMs = performance.now() - t0;
      const observations = this.#pipeline.lastObservations;
      for (const o of observations) {
        const e = this.#entries.get(o.tileId);
        if (!e) continue;
        e.checks++;
        e.lastCheckAt = Math.round(o.tMs);
      }
      this.#stats.ticks++;
      this.#stats.checks += observations.length;
      this.#stats.inferMs += inferMs;
      for (const c of changes) {
        const e = this.#entries.get(c.tileId);
        if (!e || this.#closed) continue;
        e.verdict = c.verdict;
        e.since = c.verdict === 'ok' ? null : Math.round(c.onsetMs);
        this.emit('verdict', {
          cameraId: c.tileId,
          verdict: c.verdict,
          previous: c.previous,
          confidence: Math.min(1, Math.max(0, c.confidence)),
          onsetAt: Math.max(1, Math.round(c.onsetMs)),
          decidedAt: Math.round(c.atMs),
          modelVersion: this.#modelVersion,
          backend: 'node',
          source: 'sentinel',
        });
      }
      const checks = observations.map((o) => ({
        cameraId: o.tileId,
        at: Math.round(o.tMs),
        verdict: o.verdict,
        confidence: o.confidence,
        mad: o.frozen.mad,
      }));
      this.emit('tick', { at: Math.round(this.#now()), checks, inferMs, changes: changes.length });
    } catch (error) {
      this.#stats.tickErrors++;
      this.#stats.lastTickError = error instanceof Error ? error.message : String(error);
    } finally {
      this.#ticking = false;
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidStateError('Sentinel closed');
  }
}

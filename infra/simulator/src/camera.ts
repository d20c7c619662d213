/**
 * One simulated IP camera: runs an ffmpeg for its mode and brings it back (with backoff) if it
 * dies on its own. A mode switch is make-before-break: the new mode's ffmpeg starts beside the
 * old one and the relay switches the camera's streams to it when its first packets (PAT/PMT and a
 * key frame) arrive; only then is the old one killed. `cut` stops the packets and runs nothing.
 */
import { Encoder } from './encoder.ts';
import type { Mode, ModeState } from './modes.ts';
import type { Relay } from './relay.ts';
import { ffmpegArgs, type SceneCamera, type SceneOptions } from './scene.ts';

export interface CameraState {
  id: string;
  name: string;
  nameEn: string;
  clinicId: string;
  clinicName: string;
  mode: Mode;
  variant: string | null;
  /** ffmpeg's pid while it runs. */
  pid: number | null;
  running: boolean;
  /** When the current ffmpeg started (ISO 8601), null when none runs. */
  startedAt: string | null;
  /** When the current ffmpeg's packets started going out, i.e. its mode's picture (ISO 8601). */
  liveSince: string | null;
  /** Frames encoded by the current ffmpeg (from its progress report, about once a second). */
  frames: number;
  /** Restarts after unexpected exits since the simulator started. */
  restarts: number;
  lastError: string | null;
  main: string;
  sub: string;
}

export interface CameraRuntime {
  ffmpeg: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  relay: Relay;
}

const STOP_GRACE_MS = 1500;
const MAX_BACKOFF_MS = 10_000;
/** How long a switch waits for the new ffmpeg's first packets before it returns anyway. */
const LIVE_TIMEOUT_MS = 10_000;

export class SimCamera {
  #mode: ModeState = { mode: 'normal' };
  /** The ffmpeg of the current mode (on air, or about to be). */
  #current: Encoder | null = null;
  /** Older ffmpegs still sending until the current one is on air. */
  readonly #retiring = new Set<Encoder>();
  #liveSince: Date | null = null;
  #sources = 0;
  #restarts = 0;
  #crashes = 0;
  #lastError: string | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Mode changes and stops run one at a time, in order. */
  #queue: Promise<unknown> = Promise.resolve();

  readonly cam: SceneCamera;
  private readonly scene: SceneOptions;
  private readonly runtime: CameraRuntime;

  constructor(cam: SceneCamera, scene: SceneOptions, runtime: CameraRuntime) {
    this.cam = cam;
    this.scene = scene;
    this.runtime = runtime;
  }

  get id(): string {
    return this.cam.id;
  }

  state(): CameraState {
    const c = this.#current;
    return {
      id: this.cam.id,
      name: this.cam.name,
      nameEn: this.cam.nameEn,
      clinicId: this.cam.clinicId,
      clinicName: this.cam.clinicName,
      mode: this.#mode.mode,
      variant: this.#mode.variant ?? null,
      pid: c?.pid ?? null,
      running: c?.running ?? false,
      startedAt: c?.startedAt.toISOString() ?? null,
      liveSince: this.#liveSince?.toISOString() ?? null,
      frames: c?.frames ?? 0,
      restarts: this.#restarts,
      lastError: this.#lastError,
      main: this.cam.main,
      sub: this.cam.sub,
    };
  }

  /**
   * Switches mode; resolves once the new mode is on the wire (or its ffmpeg failed, or after
   * LIVE_TIMEOUT_MS). The old mode keeps sending meanwhile, except when switching to `cut`.
   */
  setMode(mode: ModeState): Promise<CameraState> {
    return this.#enqueue(async () => {
      if (this.#closed) throw new Error(`${this.id} is stopped`);
      this.#mode = mode;
      this.#crashes = 0;
      this.#cancelRestart();
      if (mode.mode === 'cut') {
        this.runtime.relay.cut(this.id);
        await this.#stopAll();
      } else {
        await this.#launch();
      }
      return this.state();
    });
  }

  start(mode: ModeState = this.#mode): Promise<CameraState> {
    return this.setMode(mode);
  }

  /** Stops for good (no restart). */
  stop(): Promise<void> {
    this.#closed = true;
    return this.#enqueue(() => {
      this.runtime.relay.cut(this.id);
      return this.#stopAll();
    });
  }

  /** Synchronous last resort when the simulator process exits. */
  killNow(): void {
    this.#closed = true;
    this.#cancelRestart();
    this.#current?.kill();
    this.#retiring.forEach((e) => e.kill());
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Starts an ffmpeg for the current mode beside the running one(s), which go once it is on air. */
  async #launch(): Promise<void> {
    const source = ++this.#sources;
    const { urls, live } = await this.runtime.relay.open(this.id, source);
    const args = ffmpegArgs({ ...this.cam, ...urls }, this.#mode, {
      ...this.scene,
      startMs: Date.now(),
    });
    const encoder = new Encoder(source, {
      ffmpeg: this.runtime.ffmpeg,
      args,
      env: this.runtime.env,
      onSpawnError: (message) => {
        this.#lastError = message;
        this.runtime.log(`${this.id}: ${message}`);
      },
    });
    const previous = [...this.#retiring, ...(this.#current ? [this.#current] : [])];
    previous.forEach((e) => this.#retiring.add(e));
    this.#current = encoder;
    this.#liveSince = null;
    void encoder.exited.then((why) => this.#onExit(encoder, why));
    const onAir = live.then((ok) => {
      if (ok && this.#current === encoder) this.#liveSince = new Date();
    });
    void Promise.race([onAir, encoder.exited]).then(() => previous.forEach((e) => this.#retire(e)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([onAir, encoder.exited, new Promise((r) => (timer = setTimeout(r, LIVE_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }

  #retire(encoder: Encoder): void {
    this.runtime.relay.close(this.id, encoder.source);
    encoder.kill();
  }

  #onExit(encoder: Encoder, why: string): void {
    this.runtime.relay.close(this.id, encoder.source);
    this.#retiring.delete(encoder);
    if (this.#current !== encoder) return; // replaced or stopped on purpose
    this.#current = null;
    this.#liveSince = null;
    this.#lastError = `ffmpeg exited (${why})`;
    if (this.#closed || this.#mode.mode === 'cut') return;
    this.#crashes = Date.now() - encoder.startedAt.getTime() > 10_000 ? 1 : this.#crashes + 1;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.#crashes - 1));
    this.runtime.log(`${this.id}: ${this.#lastError}; restarting in ${delay} ms`);
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      this.#enqueue(async () => {
        if (this.#closed || this.#mode.mode === 'cut' || this.#current) return;
        this.#restarts++;
        await this.#launch();
      }).catch((err: unknown) => {
        this.#lastError = `restart failed: ${err instanceof Error ? err.message : String(err)}`;
        this.runtime.log(`${this.id}: ${this.#lastError}`);
      });
    }, delay);
  }

  #cancelRestart(): void {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
  }

  /** Stops every ffmpeg of the camera: SIGTERM, then SIGKILL after a grace period. */
  async #stopAll(): Promise<void> {
    this.#cancelRestart();
    const all = [...this.#retiring, ...(this.#current ? [this.#current] : [])];
    this.#current = null;
    this.#liveSince = null;
    await Promise.all(all.map((e) => e.stop(STOP_GRACE_MS)));
  }
}

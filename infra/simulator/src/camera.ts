/**
 * One simulated IP camera: owns at most one ffmpeg process, restarts it with a new graph when the
 * mode changes, and brings it back (with backoff) if it dies on its own. `cut` runs nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Mode, ModeState } from './modes.ts';
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
}

/** `setpriv --pdeathsig` makes the kernel kill ffmpeg if we die without cleaning up (Linux). */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

const STOP_GRACE_MS = 1500;
const MAX_BACKOFF_MS = 10_000;

/** A spawned ffmpeg and a promise settled when it has exited and its pipes closed. */
interface Running {
  proc: ChildProcess;
  spawnedAt: number;
  exited: Promise<void>;
  done: boolean;
}

export class SimCamera {
  #mode: ModeState = { mode: 'normal' };
  #run: Running | null = null;
  #startedAt: Date | null = null;
  #frames = 0;
  #restarts = 0;
  #crashes = 0;
  #lastError: string | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Mode changes and stops run one at a time, in order. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly cam: SceneCamera,
    private readonly scene: SceneOptions,
    private readonly runtime: CameraRuntime,
  ) {}

  get id(): string {
    return this.cam.id;
  }

  state(): CameraState {
    const r = this.#run;
    return {
      id: this.cam.id,
      name: this.cam.name,
      nameEn: this.cam.nameEn,
      clinicId: this.cam.clinicId,
      clinicName: this.cam.clinicName,
      mode: this.#mode.mode,
      variant: this.#mode.variant ?? null,
      pid: r && !r.done ? (r.proc.pid ?? null) : null,
      running: r !== null && !r.done && r.proc.pid !== undefined,
      startedAt: this.#startedAt?.toISOString() ?? null,
      frames: this.#frames,
      restarts: this.#restarts,
      lastError: this.#lastError,
      main: this.cam.main,
      sub: this.cam.sub,
    };
  }

  /** Switches mode: stops the current ffmpeg (if any) and starts one with the new graph. */
  setMode(mode: ModeState): Promise<CameraState> {
    return this.#enqueue(async () => {
      if (this.#closed) throw new Error(`${this.id} is stopped`);
      this.#mode = mode;
      this.#crashes = 0;
      await this.#terminate();
      if (mode.mode !== 'cut') this.#spawn();
      return this.state();
    });
  }

  start(mode: ModeState = this.#mode): Promise<CameraState> {
    return this.setMode(mode);
  }

  /** Stops for good (no restart). */
  stop(): Promise<void> {
    this.#closed = true;
    return this.#enqueue(() => this.#terminate());
  }

  /** Synchronous last resort when the simulator process exits. */
  killNow(): void {
    this.#closed = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#run?.proc.kill('SIGKILL');
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #spawn(): void {
    const args = ffmpegArgs(this.cam, this.#mode, { ...this.scene, startMs: Date.now() });
    const [cmd, argv] = SETPRIV
      ? [SETPRIV, ['--pdeathsig', 'SIGKILL', this.runtime.ffmpeg, ...args]]
      : [this.runtime.ffmpeg, args];
    const proc = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: this.runtime.env });
    let markDone!: () => void;
    const run: Running = { proc, spawnedAt: Date.now(), exited: new Promise((r) => (markDone = r)), done: false };
    this.#run = run;
    this.#startedAt = new Date();
    this.#frames = 0;
    const stderr: string[] = [];
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      // -progress pipe:1 prints key=value blocks about once a second.
      const last = [...chunk.matchAll(/frame=(\d+)/g)].pop();
      if (last && this.#run === run) this.#frames = Number(last[1]);
    });
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(...chunk.split('\n').filter(Boolean));
      if (stderr.length > 20) stderr.splice(0, stderr.length - 20);
    });
    proc.on('error', (err) => {
      this.#lastError = err.message;
      this.runtime.log(`${this.id}: cannot run ${cmd}: ${err.message}`);
    });
    proc.on('close', (code, signal) => {
      run.done = true;
      markDone();
      if (this.#run !== run) return; // stopped on purpose
      this.#run = null;
      this.#startedAt = null;
      const why = signal ?? `code ${code}`;
      this.#lastError = `ffmpeg exited (${why})${stderr.length ? `: ${stderr.slice(-3).join(' | ')}` : ''}`;
      if (this.#closed || this.#mode.mode === 'cut') return;
      this.#crashes = Date.now() - run.spawnedAt > 10_000 ? 1 : this.#crashes + 1;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.#crashes - 1));
      this.runtime.log(`${this.id}: ${this.#lastError}; restarting in ${delay} ms`);
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = null;
        void this.#enqueue(async () => {
          if (this.#closed || this.#mode.mode === 'cut' || this.#run) return;
          this.#restarts++;
          this.#spawn();
        });
      }, delay);
    });
  }

  /** Stops the current ffmpeg, if any: SIGTERM, then SIGKILL after a grace period. */
  async #terminate(): Promise<void> {
    if (this.#restartTimer) {
      clearTimeout(this.#restartTimer);
      this.#restartTimer = null;
    }
    const run = this.#run;
    this.#run = null;
    this.#startedAt = null;
    if (!run || run.done) return;
    run.proc.kill('SIGTERM');
    const timer = setTimeout(() => run.proc.kill('SIGKILL'), STOP_GRACE_MS);
    await run.exited;
    clearTimeout(timer);
  }
}

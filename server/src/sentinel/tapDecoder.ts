import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { setPriority } from 'node:os';
import {
  Supervisor,
  type Running,
  type SupervisorOptions,
  type SupervisorSnapshot,
  type Tap,
  type TapStream,
} from '@clinicwall/sfu';
import { buildDecoderArgs, DEFAULT_DECODE_HEIGHT, DEFAULT_DECODE_WIDTH } from './decoderArgs.ts';
import { Y4mReader } from './y4mReader.ts';

/** One decoded picture of a camera, I420 (tightly packed Y, U, V planes). */
export interface DecodedFrame {
  cameraId: string;
  /** When the frame came out of the decoder (ms, the decoder's clock). */
  at: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export interface TapDecoderOptions {
  tap: Tap;
  ffmpegPath?: string;
  /** Output size (default 320x180, the substream's size; the model squashes to 64x64 anyway). */
  width?: number;
  height?: number;
  /**
   * Decode key frames only (default; cheapest), or every frame with `fps` pictures a second out
   * (the browser's sampling: needed for frame differencing at sub-GOP intervals).
   */
  keyFramesOnly?: boolean;
  fps?: number;
  supervisor?: SupervisorOptions;
  /** Restart ffmpeg when the tap carries a stream but no frame came for this long (default 20 s). */
  stallMs?: number;
  /** Niceness of ffmpeg (default 10: the relay and the API go first). */
  nice?: number;
  /** Clock for frame times (default: monotonic, epoch-aligned). */
  now?: () => number;
}

export interface DecoderSnapshot extends SupervisorSnapshot {
  cameraId: string;
  /** Frames decoded since the decoder was created. */
  frames: number;
  lastFrameAt: number | null;
}

/** Decoders restart slower than ingest: a failing decoder costs CPU and tells nobody anything new. */
export const DECODER_SUPERVISOR: SupervisorOptions = {
  minBackoffMs: 1000,
  maxBackoffMs: 30_000,
  healthyAfterMs: 30_000,
};

export const monotonicNow = (): number => performance.timeOrigin + performance.now();

/**
 * Turns one tap into small frames: a supervised ffmpeg reading the tap's SDP and decoding key
 * frames only (see decoderArgs.ts). ffmpeg keeps running while the camera is away and picks the
 * stream up again when the tap follows a new producer; it is restarted with back-off when it dies,
 * when the tap's codec changes, and when the tap carries a stream but no frame came for `stallMs`.
 */
export class TapDecoder extends EventEmitter<{ frame: [DecodedFrame]; change: [DecoderSnapshot] }> {
  readonly cameraId: string;
  readonly #tap: Tap;
  readonly #ffmpegPath: string;
  readonly #width: number;
  readonly #height: number;
  readonly #args: string[];
  readonly #stallMs: number;
  readonly #nice: number;
  readonly #now: () => number;
  readonly #supervisor: Supervisor;
  readonly #onStream: (s: TapStream | null) => void;
  #watchdog: NodeJS.Timeout | null = null;
  #frames = 0;
  #lastFrameAt: number | null = null;
  /** Since when the current run (or the tap's current stream) should be giving frames. */
  #expectFramesSince = 0;
  #started = false;
  #closed = false;

  constructor(o: TapDecoderOptions) {
    super();
    this.cameraId = o.tap.cameraId;
    this.#tap = o.tap;
    this.#ffmpegPath = o.ffmpegPath ?? 'ffmpeg';
    this.#width = o.width ?? DEFAULT_DECODE_WIDTH;
    this.#height = o.height ?? DEFAULT_DECODE_HEIGHT;
    this.#args = buildDecoderArgs({
      width: this.#width,
      height: this.#height,
      keyFramesOnly: o.keyFramesOnly ?? true,
      fps: o.fps,
    });
    this.#stallMs = o.stallMs ?? 20_000;
    this.#nice = o.nice ?? 10;
    this.#now = o.now ?? monotonicNow;
    this.#supervisor = new Supervisor(() => this.#launch(), o.supervisor ?? DECODER_SUPERVISOR);
    this.#supervisor.on('change', () => this.emit('change', this.snapshot));
    this.#onStream = (s) => {
      if (!s) return;
      this.#expectFramesSince = this.#now();
      if (!this.#started) this.#startSupervisor();
      else if (s.sdpChanged) this.#supervisor.restartNow();
    };
  }

  get snapshot(): DecoderSnapshot {
    return {
      ...this.#supervisor.snapshot,
      cameraId: this.cameraId,
      frames: this.#frames,
      lastFrameAt: this.#lastFrameAt,
    };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts ffmpeg now if the tap knows its stream, else as soon as the camera first sends. */
  start(): void {
    if (this.#closed || this.#watchdog) return;
    this.#tap.on('stream', this.#onStream);
    if (this.#tap.sdp) this.#startSupervisor();
    const every = Math.max(250, Math.min(5000, this.#stallMs / 2));
    this.#watchdog = setInterval(() => this.#checkStall(), every);
    this.#watchdog.unref();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#watchdog) clearInterval(this.#watchdog);
    this.#watchdog = null;
    this.#tap.off('stream', this.#onStream);
    this.#supervisor.stop();
  }

  #startSupervisor(): void {
    this.#started = true;
    this.#expectFramesSince = this.#now();
    this.#supervisor.start();
  }

  #checkStall(): void {
    const state = this.#supervisor.snapshot.state;
    if (this.#closed || !this.#tap.current || (state !== 'running' && state !== 'starting')) return;
    const since = Math.max(this.#lastFrameAt ?? 0, this.#expectFramesSince);
    if (this.#now() - since < this.#stallMs) return;
    this.#expectFramesSince = this.#now();
    this.#supervisor.restartNow();
  }

  async #launch(): Promise<Running> {
    const sdp = this.#tap.sdp;
    if (!sdp) throw new Error('the tap has no stream yet');
    const child = spawn(this.#ffmpegPath, this.#args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#expectFramesSince = this.#now();
    if (child.pid !== undefined && this.#nice) {
      try {
        setPriority(child.pid, this.#nice);
      } catch {
        // not allowed here: run at normal priority
      }
    }
    child.stdin.on('error', () => undefined);
    child.stdin.end(sdp);
    let stderr = '';
    let failure: string | null = null;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-2000);
    });
    const reader = new Y4mReader();
    let firstOfRun = true;
    child.stdout.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = reader.push(chunk);
      } catch (error) {
        failure = `bad decoder output: ${(error as Error).message}`;
        child.kill('SIGKILL');
        return;
      }
      for (const f of frames) {
        if (f.format !== 'I420') continue;
        const at = this.#now();
        this.#frames++;
        this.#lastFrameAt = at;
        if (firstOfRun) {
          firstOfRun = false;
          this.#supervisor.markRunning();
        }
        this.emit('frame', { cameraId: this.cameraId, at, width: f.width, height: f.height, data: f.data });
      }
    });
    // ffmpeg binds its port within a few hundred ms; a camera that honours PLI then sends a key frame.
    const keyFrame = setTimeout(() => void this.#tap.requestKeyFrame().catch(() => undefined), 500);
    keyFrame.unref();
    const exited = new Promise<string>((resolve) => {
      child.once('error', (e) => {
        clearTimeout(keyFrame);
        resolve(`ffmpeg could not start: ${e.message}`);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(keyFrame);
        const tail = stderr.trim().split('\n').slice(-1)[0] ?? '';
        resolve(
          failure ?? (signal ? `ffmpeg killed by ${signal}` : `ffmpeg exited with ${code}${tail ? `: ${tail}` : ''}`),
        );
      });
    });
    const alive = () => child.exitCode === null && child.signalCode === null;
    return {
      exited,
      pid: child.pid ?? null,
      stop: () => {
        if (alive()) child.kill('SIGTERM');
        setTimeout(() => {
          if (alive()) child.kill('SIGKILL');
        }, 2000).unref();
      },
    };
  }
}

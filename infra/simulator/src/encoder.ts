/** One camera ffmpeg process: tied to this process (it dies with us), with its progress and exit. */
import type { ChildProcess } from 'node:child_process';
import { spawnTied } from '@clinicwall/sfu/tiedSpawn';

export interface EncoderOptions {
  ffmpeg: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Called when the process cannot be started at all (it then also exits). */
  onSpawnError: (message: string) => void;
}

export class Encoder {
  readonly startedAt = new Date();
  /** Resolves once ffmpeg has exited and its pipes closed, with why (signal or code, stderr tail). */
  readonly exited: Promise<string>;
  /** Frames encoded so far (from ffmpeg's progress report, about once a second). */
  frames = 0;
  readonly #proc: ChildProcess;
  #done = false;

  /** `source` numbers the camera's encoders, so that the relay can tell them apart. */
  readonly source: number;

  constructor(source: number, o: EncoderOptions) {
    this.source = source;
    const proc = spawnTied(o.ffmpeg, o.args, { stdio: ['ignore', 'pipe', 'pipe'], env: o.env });
    this.#proc = proc;
    const stderr: string[] = [];
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      // -progress pipe:1 prints key=value blocks about once a second.
      const last = [...chunk.matchAll(/frame=(\d+)/g)].pop();
      if (last) this.frames = Number(last[1]);
    });
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(...chunk.split('\n').filter(Boolean));
      if (stderr.length > 20) stderr.splice(0, stderr.length - 20);
    });
    proc.on('error', (err) => o.onSpawnError(`cannot run ${o.ffmpeg}: ${err.message}`));
    this.exited = new Promise((resolve) =>
      proc.on('close', (code, signal) => {
        this.#done = true;
        resolve(`${signal ?? `code ${code}`}${stderr.length ? `: ${stderr.slice(-3).join(' | ')}` : ''}`);
      }),
    );
  }

  /** The process id while it runs. */
  get pid(): number | null {
    return this.#done ? null : (this.#proc.pid ?? null);
  }

  get running(): boolean {
    return this.pid !== null;
  }

  /** Kills at once: for an encoder whose output is no longer used. */
  kill(): void {
    if (!this.#done) this.#proc.kill('SIGKILL');
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(graceMs: number): Promise<void> {
    if (this.#done) return;
    this.#proc.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Recorded clips through the tile-health pipeline, in Node (ffmpeg decodes): the one decode loop
 * shared by the classify CLI (cli/classify.ts) and the event benchmark (bench/tile-health-events.ts).
 *
 * A clip is a video file ffmpeg can read, or a folder of PNG/JPEG frames (sorted by name, one frame
 * per 1/fps s). Frames are decoded as rgb24 at CLIP_WIDTH x CLIP_HEIGHT (area-scaled, as a wall
 * tile's substream would arrive) and pushed into a TileHealthPipeline on the clip's own time axis:
 * frame i is at i/fps s. The reference view is therefore the clip's first second.
 *
 * Node only (child_process): not exported from the package index, which the browser imports.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { TileHealthPipeline, type Classifier, type PipelineOptions, type TileChange } from './pipeline.ts';
import type { Verdict } from './smoothing.ts';

export const CLIP_WIDTH = 320;
export const CLIP_HEIGHT = 180;
const FRAME_BYTES = CLIP_WIDTH * CLIP_HEIGHT * 3;
const TILE = 'clip';

function ffmpegArgsFor(input: string, fps: number | null): string[] {
  const vf = [fps ? `fps=${fps}` : null, `scale=${CLIP_WIDTH}:${CLIP_HEIGHT}:flags=area`].filter(Boolean).join(',');
  // prettier-ignore
  return ['-hide_banner', '-nostdin', '-v', 'error', '-i', input, '-an', '-vf', vf,
    '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'];
}

/**
 * Streams rgb24 CLIP_WIDTH x CLIP_HEIGHT frames of `input` (resampled to `fps`, or as they come when
 * null) to `onFrame`, one at a time; `onFrame` resolves false to stop early.
 * Resolves to the number of frames handed to onFrame; rejects when ffmpeg cannot decode the input.
 * With `stdin`, that stream is piped to ffmpeg's standard input (`input` is then `pipe:0`).
 */
export function decodeFrames(
  input: string,
  fps: number | null,
  onFrame: (rgb: Uint8Array) => Promise<boolean>,
  stdin?: Readable,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const ff = spawn('ffmpeg', ffmpegArgsFor(input, fps), { stdio: ['pipe', 'pipe', 'pipe'] });
    ff.stdin.on('error', () => {}); // ffmpeg stopped early (or failed: reported on close)
    if (stdin) stdin.pipe(ff.stdin);
    else ff.stdin.end();
    let err = '';
    let buf = Buffer.alloc(0);
    let count = 0;
    let stopped = false;
    let chain = Promise.resolve();
    ff.stderr.on('data', (d: Buffer) => (err += d.toString()));
    ff.stdout.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const frames: Uint8Array[] = [];
      while (buf.length >= FRAME_BYTES) {
        frames.push(new Uint8Array(buf.subarray(0, FRAME_BYTES)));
        buf = buf.subarray(FRAME_BYTES);
      }
      if (!frames.length || stopped) return;
      ff.stdout.pause();
      chain = chain
        .then(async () => {
          for (const f of frames) {
            if (stopped) break;
            count++;
            if (!(await onFrame(f))) {
              stopped = true;
              ff.kill('SIGKILL');
            }
          }
          ff.stdout.resume();
        })
        .catch((e: unknown) => {
          stopped = true;
          ff.kill('SIGKILL');
          reject(e instanceof Error ? e : new Error(String(e)));
        });
    });
    ff.on('error', (e) => reject(new Error(`cannot run ffmpeg: ${e.message}`)));
    ff.on('close', (code) => {
      void chain.then(() => {
        if (!stopped && code !== 0) {
          const last = err.trim().split('\n').pop() ?? '';
          reject(new Error(`ffmpeg cannot decode it (exit ${code}): ${last}`));
        } else resolve(count);
      });
    });
  });
}

export interface ClipOptions {
  classifier: Classifier;
  /** Frames per second the clip is decoded at (default 10); a frame folder is one frame per 1/fps s. */
  fps?: number;
  /** Stop at the first raised unhealthy state (the CLI's question); false runs the whole clip. */
  stopAtFirstRaise?: boolean;
  /** Pipeline settings (sampling, smoothing, frozen threshold); the classifier is the one above. */
  pipeline?: Omit<PipelineOptions, 'classifier'>;
}

export interface ClipResult {
  path: string;
  /** The first unhealthy state raised, or ok. */
  verdict: Verdict;
  /** Clip time (s) at which the pipeline raised `verdict`; null when ok. */
  raisedAtSeconds: number | null;
  /** Clip time (s) of the first unhealthy observation of the run that raised it; null when ok. */
  conditionSinceSeconds: number | null;
  /** Mean confidence of the raising run; for ok, the confidence of the last ok observation. */
  confidence: number;
  /** Every smoothed change in the decoded part of the clip (raises and clears), in time order. */
  changes: TileChange[];
  /** Frames decoded (at `fps`), and the clip time covered, in seconds. */
  frames: number;
  seconds: number;
}

export class ClipError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
    this.name = 'ClipError';
  }
}

/**
 * Runs one clip through a fresh TileHealthPipeline. Throws ClipError with a readable message for
 * a missing path, an unreadable file, an empty folder or a file with no video frames.
 */
export async function classifyClip(path: string, opts: ClipOptions): Promise<ClipResult> {
  const fps = opts.fps ?? 10;
  const stopAtFirst = opts.stopAtFirstRaise ?? true;
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ClipError(path, code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}`);
  }
  const pipeline = new TileHealthPipeline({ ...opts.pipeline, classifier: opts.classifier });
  const changes: TileChange[] = [];
  let lastOk = 1;
  let index = 0;
  const onFrame = async (data: Uint8Array): Promise<boolean> => {
    const tMs = (index++ * 1000) / fps;
    if (pipeline.push(TILE, tMs, { format: 'RGB', width: CLIP_WIDTH, height: CLIP_HEIGHT, data })) {
      const got = await pipeline.flush();
      const obs = pipeline.lastObservations[0];
      if (obs?.verdict === 'ok') lastOk = obs.confidence;
      changes.push(...got);
      if (stopAtFirst && got.some((c) => c.verdict !== 'ok')) return false;
    }
    return true;
  };
  try {
    if (st.isDirectory()) {
      const files = (await readdir(path)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
      if (!files.length) throw new ClipError(path, 'folder has no .png/.jpg/.jpeg frames');
      for (const f of files) {
        let got = 0;
        let go = true;
        const n = await decodeFrames(join(path, f), null, async (d) => {
          if (++got > 1) return false;
          go = await onFrame(d);
          return go;
        });
        if (n === 0) throw new ClipError(path, `${f}: no picture decoded`);
        if (!go) break;
      }
    } else {
      const n = await decodeFrames(path, fps, onFrame);
      if (n === 0) throw new ClipError(path, 'no video frames decoded (not a video, or empty)');
    }
  } catch (e) {
    if (e instanceof ClipError) throw e;
    throw new ClipError(path, (e as Error).message);
  }
  const raised = changes.find((c) => c.verdict !== 'ok');
  const base = { path, changes, frames: index, seconds: index / fps };
  if (raised)
    return {
      ...base,
      verdict: raised.verdict,
      raisedAtSeconds: raised.atMs / 1000,
      conditionSinceSeconds: raised.onsetMs / 1000,
      confidence: raised.confidence,
    };
  return { ...base, verdict: 'ok', raisedAtSeconds: null, conditionSinceSeconds: null, confidence: lastOk };
}

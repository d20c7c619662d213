/**
 * npm run -s classify -- PATH... [--fps N]
 * Each PATH: a video file ffmpeg can read, or a folder of PNG/JPEG frames (sorted by name, one frame
 * per 1/fps s). Runs TileHealthPipeline on the clip's own time axis and prints one JSON line per
 * PATH: {"path","verdict","onsetSeconds","confidence"} or {"path","error"}. Exit 1 if any errored.
 * onsetSeconds is the onset of the first raised unhealthy state (start of the run that raised it).
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeClassifier } from '../classifier-node.ts';
import { TileHealthPipeline, type TileChange } from '../pipeline.ts';

const W = 320;
const H = 180;
const FRAME_BYTES = W * H * 3;

function ffmpegArgsFor(input: string, fps: number | null): string[] {
  const vf = [fps ? `fps=${fps}` : null, `scale=${W}:${H}:flags=area`].filter(Boolean).join(',');
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-i',
    input,
    '-an',
    '-vf',
    vf,
    '-pix_fmt',
    'rgb24',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
}

/** Streams rgb24 320x180 frames of `input` to onFrame; onFrame returns false to stop early. */
function decode(input: string, fps: number | null, onFrame: (f: Uint8Array) => Promise<boolean>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ff = spawn('ffmpeg', ffmpegArgsFor(input, fps), { stdio: ['ignore', 'pipe', 'pipe'] });
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

interface Result {
  path: string;
  verdict?: string;
  onsetSeconds?: number | null;
  confidence?: number;
  error?: string;
}

async function classifyPath(path: string, fps: number, classifier: NodeClassifier): Promise<Result> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { path, error: code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}` };
  }
  const pipeline = new TileHealthPipeline({ classifier });
  let raised: TileChange | null = null;
  let lastOk = 1;
  let index = 0;
  const onFrame = async (data: Uint8Array): Promise<boolean> => {
    const tMs = (index++ * 1000) / fps;
    if (pipeline.push('clip', tMs, { format: 'RGB', width: W, height: H, data })) {
      const changes = await pipeline.flush();
      const obs = pipeline.lastObservations[0];
      if (obs) lastOk = obs.verdict === 'ok' ? obs.confidence : lastOk;
      raised = changes.find((c) => c.verdict !== 'ok') ?? null;
      if (raised) return false;
    }
    return true;
  };
  try {
    if (st.isDirectory()) {
      const files = (await readdir(path)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
      if (!files.length) return { path, error: 'folder has no .png/.jpg/.jpeg frames' };
      for (const f of files) {
        let got = 0;
        const n = await decode(join(path, f), null, async (d) => {
          got++;
          return got > 1 ? false : onFrame(d);
        });
        if (n === 0) throw new Error(`${f}: no picture decoded`);
        if (raised) break;
      }
    } else {
      const n = await decode(path, fps, onFrame);
      if (n === 0) return { path, error: 'no video frames decoded (not a video, or empty)' };
    }
  } catch (e) {
    return { path, error: (e as Error).message };
  }
  const r = raised as TileChange | null;
  if (r)
    return { path, verdict: r.verdict, onsetSeconds: Math.round(r.onsetMs) / 1000, confidence: round(r.confidence) };
  if (index === 0) return { path, error: 'no video frames decoded' };
  return { path, verdict: 'ok', onsetSeconds: null, confidence: round(lastOk) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const paths: string[] = [];
  let fps = 10;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--fps') {
      fps = Number(args[++i]);
      if (!(fps > 0 && fps <= 120)) {
        console.error('--fps needs a number in (0, 120]');
        return 2;
      }
    } else if (a === '--') continue;
    else paths.push(a);
  }
  if (!paths.length) {
    console.error('usage: npm run -s classify -- PATH... [--fps N]');
    return 2;
  }
  const classifier = await NodeClassifier.create();
  let failed = false;
  for (const p of paths) {
    const r = await classifyPath(p, fps, classifier);
    if (r.error) failed = true;
    process.stdout.write(JSON.stringify(r) + '\n');
  }
  await classifier.release();
  return failed ? 1 : 0;
}

process.exitCode = await main();

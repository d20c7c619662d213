/**
 * Calibrates the soak footage's 2 fps encoder (models/tools/soak-footage.ts, SUBSTREAM_RATE_2FPS)
 * against the simulator's 15 fps substream: the same minute of a soak camera rendered both ways,
 * the 2 Hz samples the pipeline takes compared with the unencoded render (PSNR) and with each other
 * (the frozen check's mean and local differences between consecutive samples).
 *
 *   node --import tsx models/tools/soak-calibrate.ts [--seconds 60] [--shares 0.3,0.5,0.7,1]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { decodeFrames } from '../src/clip.ts';
import { FrozenDetector } from '../src/frozen.ts';
import { CONDITIONS, SOAK_FPS, soakEncoder, soakGraph, soakPlan, type SoakCamera, type Span } from './soak-footage.ts';

const run = promisify(execFile);
const WALL_FPS = 15;

/** One camera of the plan with a fixed condition over the whole clip. */
function scenario(base: SoakCamera, seconds: number, lit: boolean, occupied: boolean, kbps: number): SoakCamera {
  const all: Span[] = [[0, seconds]];
  const spans = Object.fromEntries(CONDITIONS.map((k) => [k, [] as Span[]])) as SoakCamera['spans'];
  spans[lit ? 'lights_on' : 'ir_night'] = all;
  spans[occupied ? 'occupied' : 'empty'] = all;
  return { ...base, seconds, kbps, spans };
}

async function frames(c: SoakCamera, fps: number, encoder: string[] | null, dir: string): Promise<Uint8Array[]> {
  const file = join(dir, `${fps}-${Math.random().toString(36).slice(2)}.${encoder ? 'ts' : 'mkv'}`);
  // prettier-ignore
  await run('nice', ['-n', '19', 'ffmpeg', '-hide_banner', '-nostdin', '-v', 'error', '-y', '-filter_complex_threads', '1',
    '-filter_complex', soakGraph(c, fps), '-map', '[sub]', '-frames:v', String(c.seconds * fps),
    ...(encoder ?? ['-c:v', 'ffv1']), file], { maxBuffer: 1 << 24, env: { ...process.env, TZ: 'UTC' } });
  const out: Uint8Array[] = [];
  await decodeFrames(file, null, (f) => {
    out.push(f);
    return Promise.resolve(true);
  });
  // The samples: the frame shown at each 0.5 s tick.
  const step = fps / SOAK_FPS;
  return Array.from({ length: Math.floor(out.length / step) }, (_, i) => out[Math.round(i * step)]!);
}

function psnr(a: Uint8Array[], b: Uint8Array[]): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++)
    for (let k = 0; k < a[i]!.length; k++) {
      const d = a[i]![k]! - b[i]![k]!;
      se += d * d;
      n++;
    }
  return 10 * Math.log10((255 * 255 * n) / se);
}

/**
 * Mean of the frozen check's mad and median of its local over consecutive samples, and the share of
 * samples the frozen check (with the OSD clock) calls repeats.
 */
function churn(s: Uint8Array[]): { mad: number; local: number; frozen: number } {
  const mads: number[] = [];
  const locals: number[] = [];
  const detector = new FrozenDetector();
  let frozen = 0;
  s.forEach((data, i) => {
    const r = detector.update({ format: 'RGB', width: 320, height: 180, data }, undefined, (i * 1000) / SOAK_FPS);
    if (r.frozen) frozen++;
    if (r.mad !== null) mads.push(r.mad);
    if (r.local !== null) locals.push(r.local);
  });
  locals.sort((x, y) => x - y);
  return {
    mad: mads.reduce((x, y) => x + y, 0) / mads.length,
    local: locals[Math.floor(locals.length / 2)]!,
    frozen: frozen / s.length,
  };
}

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, shares: { type: 'string', default: '0.3,0.5,0.7,1' } },
});
const seconds = Number(values.seconds);
const shares = values.shares.split(',').map(Number);
const plan = soakPlan();
const dir = mkdtempSync(join(tmpdir(), 'soak-cal-'));
try {
  const cases: [string, SoakCamera][] = [
    ['day, walker', scenario(plan[0]!, seconds, true, true, 150)],
    ['day, empty', scenario(plan[3]!, seconds, true, false, 150)],
    ['IR night, empty', scenario(plan[1]!, seconds, false, false, 150)],
    ['day, walker, 300k', scenario(plan[2]!, seconds, true, true, 300)],
  ];
  console.log('scene               encode                  PSNR dB   mean mad   median local   frozen');
  for (const [name, c] of cases) {
    const row = (label: string, s: Uint8Array[], ref: Uint8Array[]) => {
      const ch = churn(s);
      console.log(
        `${name.padEnd(19)} ${label.padEnd(22)} ${psnr(s, ref).toFixed(2).padStart(7)}  ${ch.mad.toFixed(2).padStart(9)}  ${ch.local.toFixed(1).padStart(13)}  ${(100 * ch.frozen).toFixed(0).padStart(5)} %`,
      );
    };
    const raw15 = await frames(c, WALL_FPS, null, dir);
    row(`${WALL_FPS} fps ${c.kbps}k (wall)`, await frames(c, WALL_FPS, soakEncoder(c, WALL_FPS), dir), raw15);
    const raw2 = await frames(c, SOAK_FPS, null, dir);
    row('2 fps unencoded', raw2, raw2);
    for (const share of shares)
      row(
        `2 fps ${Math.round(c.kbps * share)}k`,
        await frames(c, SOAK_FPS, soakEncoder(c, SOAK_FPS, share), dir),
        raw2,
      );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

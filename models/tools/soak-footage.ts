/**
 * Long normal footage for the tile-health soak benchmark (bench/tile-health-soak.ts): days of
 * simulated clinic cameras, rendered offline straight at the pipeline's sample rate (2 frames/s).
 *
 * Each camera is one of the demo registry's held-out rooms (look indices 0-99, never seen in
 * training) drawn by the simulator's own scene graph (models/tools/sim-scenes.ts `offlineGraph`:
 * room, walker, burned-in names and clock, time-code strip), with a clinic's day added between the
 * scene and the burned-in overlays:
 *  - opening hours: lights on in the morning and off at night, and on some days a light switched off
 *    for a while (lunch in a consulting room, a cleaner); with the lights off the camera is dark and
 *    noisy for some seconds, then switches to IR night mode (grey, LED fall-off, noise), and back
 *    some seconds after the lights come on (with an exposure overshoot);
 *  - occupancy: the walker comes and goes (busy and quiet spells by day, rounds at night), so a room
 *    can be empty and static for hours;
 *  - people right at the lens: a big, out-of-focus person standing in front of the camera for
 *    5-45 s, or passing close to it;
 *  - slow daylight drift of brightness and colour over the day, sensor noise (more in the dark),
 *    and H.264 compression at a substream's rate.
 * Half of the cameras drop the simulator's time-code strip (a real camera has none: then only the
 * clock and noise change in an empty room, the hard case for the frozen check).
 *
 * The burned-in clock reads the simulated time: camera k's window starts at k/n of a day (plus k
 * days), so n cameras of h hours each cover every hour of the day n*h/24 times.
 *
 * The pipeline only looks at the frames it samples (2 Hz: TileHealthPipeline.push ignores frames
 * less than a sample period after the last sample), so frames are rendered at 2 fps and each one is
 * sampled. Only the encoder sees the frames in between on a real camera; the 2 fps encode keeps the
 * substream's 1 s GOP (every other sample is a key frame, as at 15 fps) and a rate at which sampled
 * frames come out at the quality of the simulator's 15 fps CBR substream (see SUBSTREAM_RATE_2FPS).
 *
 *   node --import tsx models/tools/soak-footage.ts plan [--hours 72] [--cameras 12]
 *   node --import tsx models/tools/soak-footage.ts render --camera 0 --out FILE.ts [--hours 72] ...
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { CameraArea } from '@clinicwall/contract';
import { filter } from '../../infra/simulator/src/escape.ts';
import { even } from '../../infra/simulator/src/draw.ts';
import { rng } from '../../infra/simulator/src/look.ts';
import { DEFAULT_SCENE, timecodeFilters, type SceneCamera } from '../../infra/simulator/src/scene.ts';
import { personSprite, type Rgb } from '../../infra/simulator/src/sprites.ts';
import { offlineGraph, replaceOnce, simCamera } from './sim-scenes.ts';

/** Frames per second rendered: the pipeline's sample rate. */
export const SOAK_FPS = 2;
const W = DEFAULT_SCENE.main.width;
const H = DEFAULT_SCENE.main.height;
const DAY = 86_400;
const HOUR = 3600;
/** Midnight (UTC, which the burned-in clock shows) of the soak's first day. */
const FIRST_DAY_MS = Date.UTC(2026, 11, 1);

/**
 * The 2 fps encoder's bit rate for a substream of `kbps` at 15 fps. `soak-calibrate.ts` renders the
 * same minute at 15 fps (the simulator's CBR, 1 s GOP, sampled every 0.5 s) and at 2 fps: at half
 * the rate the samples match on PSNR (day with walker 37.6 vs 39.9 dB, empty room 37.6 vs 37.1, IR
 * night 34.1 vs 34.0, 300k 46.2 vs 45.2), on the frozen check's churn (mean mad 0.64 vs 1.07 and
 * 1.50 vs 1.62 in empty rooms) and on the share of samples it calls repeats (95 % vs 95 % in an
 * empty lit room without the time-code strip, 50 % vs 50 % at night, 0 % with a walker).
 */
export const SUBSTREAM_RATE_2FPS = 0.5;

/** What a stretch of footage is, for the benchmark's mix (several can hold at once). */
export const CONDITIONS = [
  'lights_on',
  'lights_off_dark',
  'ir_night',
  'occupied',
  'empty',
  'person_near_standing',
  'person_near_passing',
  'exposure_overshoot',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** [start, end) in seconds from the camera's first frame. */
export type Span = [number, number];

export interface SoakCamera {
  /** Registry camera id, e.g. cam-004. */
  id: string;
  /** Simulator look index (0-99: held out from training). */
  look: number;
  area: CameraArea;
  /** Epoch ms of the first frame (the burned-in clock shows it, UTC). */
  startMs: number;
  seconds: number;
  /** The substream's bit rate at 15 fps the camera stands for (CBR), or 0 for constant quality. */
  kbps: number;
  /** Sensor noise (ffmpeg noise strength) in a lit room. */
  noise: number;
  /** Whether the simulator's time-code strip is drawn (real cameras have none). */
  strip: boolean;
  spans: Record<Condition, Span[]>;
  /** Seed of the noise generators. */
  seed: number;
}

export interface SoakOptions {
  /** Camera-hours in all (default 72). */
  hours?: number;
  /** Cameras (default 12); each gets hours / cameras of footage. */
  cameras?: number;
  seed?: number;
}

/** Look index of the k-th of n cameras: spread over 0-99, the registry's four areas in turn. */
function lookOf(k: number, n: number): number {
  return Math.min(99, Math.floor((k * 100) / n / 4) * 4 + (k % 4));
}

function merge(spans: Span[]): Span[] {
  const s = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const sp of s) {
    const last = out.at(-1);
    if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else out.push([sp[0], sp[1]]);
  }
  return out;
}

function clip(spans: Span[], end: number): Span[] {
  return merge(spans.map(([a, b]): Span => [Math.max(0, a), Math.min(end, b)]));
}

function complement(spans: Span[], end: number): Span[] {
  const out: Span[] = [];
  let t = 0;
  for (const [a, b] of merge(spans)) {
    if (a > t) out.push([t, a]);
    t = Math.max(t, b);
  }
  if (t < end) out.push([t, end]);
  return out;
}

function intersect(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  for (const [a0, a1] of a)
    for (const [b0, b1] of b) {
      const s = Math.max(a0, b0);
      const e = Math.min(a1, b1);
      if (e > s) out.push([s, e]);
    }
  return merge(out);
}

/** Seconds of a person passing close to the lens: one sweep across the picture. */
export const PASS_SECONDS = 4;

/** The clinic's day on one camera: lights, occupancy, people at the lens, in window seconds. */
function daySchedule(area: CameraArea, windowStartTod: number, seconds: number, r: () => number) {
  const lightsOff: Span[] = [];
  const firstDay = Math.floor(windowStartTod / DAY) * DAY - windowStartTod;
  for (let d = firstDay - DAY; d < seconds + DAY; d += DAY) {
    const on = d + (area === 'entrance' ? 6.5 : 7) * HOUR + r() * HOUR;
    const off = d + (area === 'entrance' ? 20.5 : 19.5) * HOUR + r() * 2 * HOUR;
    lightsOff.push([off, on + DAY]);
    // Lunch in a consulting room, a cleaner or a forgetful visitor elsewhere: lights off for a while.
    if (area === 'consulting' && r() < 0.7) {
      const a = d + 12 * HOUR + r() * 1800;
      lightsOff.push([a, a + 1200 + r() * 2400]);
    }
    for (let a = on + 3 * HOUR * -Math.log(1 - r() * 0.99); a < off - 1800; a += 3 * HOUR * -Math.log(1 - r() * 0.99))
      lightsOff.push([a, a + 60 + r() * 840]);
  }
  const off = clip(lightsOff, seconds);
  const on = complement(off, seconds);
  // IR switches on some seconds into the dark and off some seconds after the lights come back.
  const dark: Span[] = [];
  const ir: Span[] = [];
  const overshoot: Span[] = [];
  // From the unclipped spans: a camera whose footage starts at night is already in IR mode.
  for (const [a, b] of merge(lightsOff)) {
    const delay = 8 + r() * 17;
    const hold = 5 + r() * 15;
    dark.push([a, Math.min(b, a + delay)]);
    if (a + delay < b) {
      ir.push([a + delay, b + hold]);
      overshoot.push([b + hold, b + hold + 3]);
    }
  }
  // Occupancy: busy and quiet spells while lit (the entrance is busier), rounds in the dark.
  const occupied: Span[] = [];
  for (const [a, b] of on) {
    let t = a + r() * 300;
    while (t < b) {
      const busy = (area === 'entrance' ? 1500 : 900) * -Math.log(1 - r() * 0.99);
      occupied.push([t, Math.min(b, t + busy)]);
      t += busy + 480 * -Math.log(1 - r() * 0.99);
    }
  }
  for (const [a, b] of off) {
    let t = a + 1200 + r() * 3600;
    while (t < b - 60) {
      occupied.push([t, t + 60 + r() * 240]);
      t += 3600 + r() * 5400;
    }
  }
  const occ = clip(occupied, seconds);
  // People at the lens, while the room is occupied and lit.
  const standing: Span[] = [];
  const passing: Span[] = [];
  for (const [a, b] of intersect(occ, on)) {
    for (let t = a + r() * 1200; t < b - 60; t += 600 + r() * 1800) {
      if (r() < 0.5) standing.push([t, t + 5 + r() * 40]);
      // A pass starts at a multiple of PASS_SECONDS: the overlay's x sweeps with t modulo it.
      const p = Math.ceil((t + 30 + r() * 60) / PASS_SECONDS) * PASS_SECONDS;
      if (p + PASS_SECONDS < b) passing.push([p, p + PASS_SECONDS]);
    }
  }
  return {
    lights_on: on,
    lights_off_dark: clip(dark, seconds),
    ir_night: clip(ir, seconds),
    occupied: occ,
    empty: complement(occ, seconds),
    person_near_standing: clip(standing, seconds),
    person_near_passing: clip(passing, seconds),
    exposure_overshoot: clip(overshoot, seconds),
  } satisfies Record<Condition, Span[]>;
}

/** The soak's cameras, deterministic from the options. */
export function soakPlan(opts: SoakOptions = {}): SoakCamera[] {
  const hours = opts.hours ?? 72;
  const n = opts.cameras ?? 12;
  if (!(hours > 0) || !Number.isInteger(n) || n < 1 || n > 100) throw new Error('want hours > 0 and 1-100 cameras');
  const seconds = Math.round((hours * HOUR) / n);
  return Array.from({ length: n }, (_, k) => {
    const look = lookOf(k, n);
    const cam = simCamera(look);
    const r = rng(1000 + (opts.seed ?? 1) * 7919 + k);
    // Camera k starts k/n of a day in (and k days on: the clock's date changes too).
    const startTod = Math.round(((k * DAY) / n + r() * 600) / 60) * 60;
    return {
      id: cam.id,
      look,
      area: cam.area,
      startMs: FIRST_DAY_MS + (k * DAY + startTod) * 1000,
      seconds,
      kbps: [150, 150, 200, 300, 0][Math.floor(r() * 5)]!,
      noise: 2 + Math.floor(r() * 4),
      // Half the cameras keep the time-code strip, each area both ways.
      strip: (k + Math.floor(k / 4)) % 2 === 0,
      spans: daySchedule(cam.area, startTod, seconds, r),
      seed: 1 + Math.floor(r() * 1e6),
    };
  });
}

/** The conditions that hold at second `t` of a camera's footage. */
export function conditionsAt(cam: SoakCamera, t: number): Condition[] {
  return CONDITIONS.filter((c) => cam.spans[c].some(([a, b]) => t >= a && t < b));
}

/** An ffmpeg timeline expression true inside the spans (t in seconds from the first frame). */
function during(spans: Span[]): string {
  if (!spans.length) return '0';
  return spans.map(([a, b]) => `between(t,${a.toFixed(1)},${b.toFixed(1)})`).join('+');
}

const NEAR_COLORS: { shirt: Rgb; trousers: Rgb; skin: Rgb; hair: Rgb }[] = [
  { shirt: [60, 90, 150], trousers: [30, 30, 40], skin: [198, 138, 99], hair: [20, 20, 20] },
  { shirt: [235, 235, 235], trousers: [200, 200, 205], skin: [241, 199, 165], hair: [60, 45, 30] },
  { shirt: [150, 40, 60], trousers: [40, 40, 60], skin: [120, 80, 56], hair: [15, 12, 10] },
];

/**
 * The camera's ffmpeg filtergraph: the simulator's room with the day above, output `[sub]`
 * (320x180, SOAK_FPS, the burned-in clock at the simulated time).
 */
export function soakGraph(c: SoakCamera, fps = SOAK_FPS): string {
  const cam: SceneCamera = simCamera(c.look);
  let g = offlineGraph(cam, { mode: 'normal' }, fps, c.startMs);
  if (!c.strip) g = replaceOnce(g, `,${timecodeFilters(DEFAULT_SCENE.main).join(',')}`, '');
  // The empty room: the walker-less background laid over the scene while nobody is there.
  g = replaceOnce(g, 'setpts=N[bg]', 'setpts=N,split=2[bg][empty]');
  g = replaceOnce(g, '[scene]settb=1/1000,', '[soak]settb=1/1000,');
  const r = rng(c.seed);
  const s = c.spans;
  const parts = [g];
  // People right at the lens: out of focus, 35-65 % of the picture's height wide.
  const near = NEAR_COLORS[c.seed % NEAR_COLORS.length]!;
  const nw = even(H * (0.35 + 0.3 * r()));
  parts.push(
    `${personSprite(nw, even(nw * 3), near, 'together', fps)},${filter('gblur', { sigma: 8 })},split=2[nearA][nearB]`,
  );
  const standX = Math.round(W * (0.1 + 0.5 * r()));
  const chain = [
    `[scene][empty]${filter('overlay', { enable: during(s.empty) })}[s1]`,
    `[s1][nearA]${filter('overlay', { x: `${standX}-25*sin(t*0.7)`, y: Math.round(-H * 0.05), enable: during(s.person_near_standing) })}[s2]`,
    `[s2][nearB]${filter('overlay', { x: `-${nw}+mod(t,${PASS_SECONDS})*${Math.round((W + nw) / PASS_SECONDS)}`, y: Math.round(-H * 0.1), enable: during(s.person_near_passing) })}[s3]`,
  ];
  parts.push(...chain);
  const phase = r() * 2 * Math.PI;
  const tod = `(t+${((c.startMs / 1000) % DAY).toFixed(0)})*${((2 * Math.PI) / DAY).toFixed(9)}`;
  const overshoot = s.exposure_overshoot.map(
    ([a]) => `0.15*between(t,${a.toFixed(1)},${(a + 3).toFixed(1)})*(1-(t-${a.toFixed(1)})/3)`,
  );
  const look = [
    // Daylight through the windows: brighter and a little warmer at midday, plus exposure overshoot.
    filter('eq', {
      brightness: `0.05*sin(${tod}-${(Math.PI / 2).toFixed(4)}+${(0.3 * Math.sin(phase)).toFixed(3)})${overshoot.map((o) => `+${o}`).join('')}`,
      saturation: `1+0.1*sin(${tod}-1.5708)`,
      eval: 'frame',
    }),
    filter('eq', { brightness: -0.25, contrast: 0.45, saturation: 0.25, enable: during(s.lights_off_dark) }),
    filter('hue', { s: 0, enable: during(s.ir_night) }),
    filter('eq', { brightness: -0.04, contrast: 0.8, enable: during(s.ir_night) }),
    filter('vignette', { angle: 0.7, eval: 'init', enable: during(s.ir_night) }),
    filter('noise', { alls: c.noise, allf: 't', all_seed: c.seed }),
    filter('noise', {
      alls: 9,
      allf: 't',
      all_seed: c.seed + 1,
      enable: during([...s.lights_off_dark, ...s.ir_night]),
    }),
  ];
  parts.push(`[s3]${look.join(',')}[soak]`);
  return parts.join(';');
}

/**
 * x264 as the simulator encodes its substream (1 s GOP); at 2 fps the rate is scaled by
 * `rateShare` (SUBSTREAM_RATE_2FPS), at 15 fps it is the camera's own.
 */
export function soakEncoder(c: SoakCamera, fps = SOAK_FPS, rateShare = SUBSTREAM_RATE_2FPS): string[] {
  const rate = `${Math.round(c.kbps * (fps === SOAK_FPS ? rateShare : 1))}k`;
  const rc = c.kbps ? ['-b:v', rate, '-maxrate', rate, '-bufsize', rate] : ['-crf', '26'];
  // prettier-ignore
  return ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline',
    '-pix_fmt', 'yuv420p', '-threads', '1', '-g', String(fps), '-keyint_min', String(fps),
    '-sc_threshold', '0', ...rc];
}

/**
 * Starts the camera's renderer: an ffmpeg writing the encoded substream (MPEG-TS) to its stdout,
 * `frames` frames (default: all). The burned-in clock is UTC whatever the machine's zone.
 */
export function spawnSoakRenderer(c: SoakCamera, opts: { frames?: number; nice?: number } = {}): ChildProcess {
  const frames = opts.frames ?? Math.round(c.seconds * SOAK_FPS);
  // prettier-ignore
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-filter_complex_threads', '1',
    '-filter_complex', soakGraph(c), '-map', '[sub]', '-frames:v', String(frames), ...soakEncoder(c),
    '-f', 'mpegts', 'pipe:1'];
  const [cmd, argv] = opts.nice ? ['nice', ['-n', String(opts.nice), 'ffmpeg', ...args]] : ['ffmpeg', args];
  return spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
}

/** Hours per condition over all cameras. */
export function footageMix(cams: SoakCamera[]): Map<Condition, number> {
  const out = new Map<Condition, number>(CONDITIONS.map((k) => [k, 0]));
  for (const c of cams)
    for (const k of CONDITIONS) out.set(k, out.get(k)! + c.spans[k].reduce((s, [a, b]) => s + b - a, 0) / HOUR);
  return out;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hours: { type: 'string', default: '72' },
      cameras: { type: 'string', default: '12' },
      camera: { type: 'string', default: '0' },
      frames: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const plan = soakPlan({ hours: Number(values.hours), cameras: Number(values.cameras) });
  if (positionals[0] === 'plan') {
    for (const c of plan)
      console.log(
        `${c.id} look ${c.look} ${c.area.padEnd(10)} from ${new Date(c.startMs).toISOString()} ${(c.seconds / HOUR).toFixed(1)} h, ` +
          `${c.kbps || 'crf'} kbit/s, noise ${c.noise}, ${c.strip ? 'strip' : 'no strip'}`,
      );
    for (const [k, h] of footageMix(plan))
      console.log(`  ${k.padEnd(22)} ${h.toFixed(2)} h in ${plan.reduce((s, c) => s + c.spans[k].length, 0)} spans`);
  } else if (positionals[0] === 'render') {
    if (!values.out) throw new Error('--out is required');
    const c = plan[Number(values.camera)];
    if (!c) throw new Error('no such camera');
    const { createWriteStream } = await import('node:fs');
    const ff = spawnSoakRenderer(c, { frames: values.frames ? Number(values.frames) : undefined });
    ff.stdout!.pipe(createWriteStream(values.out));
    ff.stderr!.pipe(process.stderr);
    await new Promise((res) => ff.on('close', res));
  } else throw new Error('usage: soak-footage.ts plan|render [--hours 72] [--cameras 12] [--camera k --out FILE]');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`soak-footage: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

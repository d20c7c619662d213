/**
 * The clip set of the tile-health event benchmark (bench/tile-health-events.ts), built with ffmpeg
 * from scenes the model never saw in training:
 *  - the camera simulator's rooms of the demo registry's cameras (look indices 0-99; training only
 *    uses rooms 100+), through the simulator's own graph and fault modes (models/tools/sim-scenes.ts);
 *  - photographs of the held-out scene groups (checked against the model card's validation groups),
 *    turned into a live camera: a 640x360 window of the picture with slight shake, walkers (the
 *    simulator's person sprite), slow light drift, sensor noise, a burned-in clock and name, and
 *    x264 at a substream's bitrate;
 *  - real surveillance video (opencv-doc's vtest.avi) seen through two windows.
 * Tampered clips start normal and turn bad at a known second; hard normals (lights off, IR night,
 * a person right in front of the lens, an empty static room) change at a known second and must stay ok.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { color, filter } from '../../infra/simulator/src/escape.ts';
import { even, text } from '../../infra/simulator/src/draw.ts';
import { resolveFonts } from '../../infra/simulator/src/font.ts';
import { coverSprite, personSprite, type Rgb } from '../../infra/simulator/src/sprites.ts';
import type { Verdict } from '../src/smoothing.ts';
import { renderSimClip, simCamera, simClipGraphs, type Segment } from './sim-scenes.ts';

const run = promisify(execFile);
const FPS = 15;
const W = 320;
const H = 180;
const EPOCH_S = 1795399200; // 2026-11-23 02:00 UTC, for the burned-in clock

export const TAMPERS = ['blank', 'frozen', 'covered', 'defocused', 'reaimed'] as const;
export type Tamper = (typeof TAMPERS)[number];
export const HARD_NORMALS = ['lights_off', 'ir_night', 'person_near', 'static_room'] as const;
export type HardNormal = (typeof HARD_NORMALS)[number];

/** What the pipeline should raise for each tamper. */
export const EXPECTED: Record<Tamper, Verdict> = {
  blank: 'blank',
  frozen: 'frozen',
  covered: 'occluded',
  defocused: 'occluded',
  reaimed: 'redirected',
};

export interface EventClip {
  name: string;
  file: string;
  source: 'simulator' | 'photo' | 'video';
  /** Simulator look index, photo group or video window. */
  scene: string;
  kind: 'normal' | HardNormal | Tamper;
  variant?: string;
  seconds: number;
  /** Clip second at which the tamper (or the hard condition) starts. */
  at?: number;
}

/** Held-out photographs (validation scene groups of models/training/sources.py, split seed 1234). */
const OCV = '/usr/share/doc/opencv-doc/examples';
export const HELD_OUT_PHOTOS: { group: string; path: string }[] = [
  { group: 'boxes_table', path: `${OCV}/data/box_in_scene.png` },
  { group: 'aloe_wall', path: `${OCV}/data/aloeL.jpg` },
  { group: 'potted_plant', path: `${OCV}/alphamat/input_images/plant.jpg` },
  { group: 'signpost', path: `${OCV}/text/scenetext02.jpg` },
  { group: 'aerial_town', path: `${OCV}/data/aero1.jpg` },
  { group: 'lake', path: `${OCV}/hfs/data/001.jpg` },
  { group: 'bridge_cables', path: '/usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg' },
  { group: 'garden_flower', path: '/usr/share/backgrounds/mate/nature/Garden.jpg' },
];
export const VIDEO = `${OCV}/data/vtest.avi`;

/** Fails unless every photo group is in the model's validation groups and none in its training groups. */
export function checkHeldOut(modelJson: string): void {
  const card = JSON.parse(readFileSync(modelJson, 'utf8')) as {
    training: { train_scene_groups: string[] };
    validation: { scene_groups: string[] };
  };
  for (const p of HELD_OUT_PHOTOS) {
    if (card.training.train_scene_groups.includes(p.group) || !card.validation.scene_groups.includes(p.group))
      throw new Error(`${p.group} is not a held-out scene of ${modelJson}`);
  }
}

// ---------------------------------------------------------------------------------------------
// photo / video scenes through ffmpeg
// ---------------------------------------------------------------------------------------------

interface SceneSpec {
  input: string;
  video: boolean;
  seconds: number;
  /** Top-left of the 640x360 view in the 960x540 canvas the input is scaled (and cropped) to. */
  view: [number, number];
  walkers: number;
  clock: boolean;
  shake: boolean;
  noise: number;
  kbps: number;
  kind: EventClip['kind'];
  variant?: string;
  at?: number;
  seed: number;
}

const SKIN: Rgb[] = [
  [241, 199, 165],
  [198, 138, 99],
  [120, 80, 56],
  [70, 46, 34],
];
const CLOTH: Rgb[] = [
  [43, 58, 103],
  [150, 40, 40],
  [200, 190, 170],
  [40, 40, 40],
];

function rng(seed: number): () => number {
  let a = (seed * 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where a partial cover's hand sits, as a fraction of the frame (x, y). */
const PARTIAL_SHIFT: Record<string, [number, number]> = {
  partial: [0.3, 0],
  'partial-left': [-0.3, 0],
  'partial-top': [0, -0.35],
};

/** The filtergraph of one photo/video camera; output label [out], 320x180 yuv420p at 15 fps. */
function sceneGraph(s: SceneSpec): string {
  const r = rng(s.seed);
  const fonts = resolveFonts();
  const on = s.at === undefined ? '0' : `gte(t,${s.at})`;
  const parts: string[] = [];
  const canvas = `${s.video ? `fps=${FPS},` : ''}scale=960:540:force_original_aspect_ratio=increase,crop=960:540,setsar=1,format=rgb24`;
  const reaim = s.kind === 'reaimed';
  // A re-aim turns the camera from one side of the canvas to the other: half a view's width or height.
  const pan = reaim && s.variant !== 'tilt' && s.variant !== 'zoom';
  const tilt = reaim && s.variant === 'tilt';
  const vx = pan ? (s.view[0] > 160 ? 320 : 0) : s.view[0];
  const vy = tilt ? (s.view[1] > 90 ? 180 : 0) : s.view[1];
  // People walking through the first view. Where the camera moves (a re-aim), they are drawn into the
  // scene (the canvas, at twice the view's scale) so they stay where they were in the world; a camera
  // tilted into the sky does not take them along. Elsewhere they are drawn on the view, which is the
  // same picture for a camera that stays put (its shake is 2 canvas pixels).
  const walkers: { sprite: string; x: string; y: number }[] = [];
  for (let k = 0; k < s.walkers; k++) {
    const colors = {
      shirt: [Math.floor(r() * 255), Math.floor(r() * 255), Math.floor(r() * 255)] as Rgb,
      trousers: [30, 30, Math.floor(40 + r() * 80)] as Rgb,
      skin: SKIN[Math.floor(r() * SKIN.length)]!,
      hair: [30, 25, 20] as Rgb,
    };
    const h = even(H * (0.35 + 0.2 * r()));
    const z = reaim ? 2 : 1; // the canvas is twice the view's size
    const sprite = personSprite(even((z * h) / 3), z * h, colors, k % 2 ? 'apart' : 'together', FPS);
    const span = W + 40;
    const speed = Math.round(12 + 20 * r());
    const y = Math.round(H * (0.75 + 0.2 * r())) - h;
    const x = `abs(mod(t*${speed}+${Math.round(r() * 2 * span)},${2 * span})-${span})-20`;
    walkers.push(reaim ? { sprite, x: `${vx}+${z}*(${x})`, y: vy + z * y } : { sprite, x, y });
  }
  /** Overlays the walkers on the stream labelled `from`; returns the label of the result. */
  const walk = (from: string): string => {
    let at = from;
    walkers.forEach((w, k) => {
      parts.push(`${w.sprite}[p${k}]`);
      parts.push(`[${at}][p${k}]${filter('overlay', { x: w.x, y: w.y })}[w${k}]`);
      at = `w${k}`;
    });
    return at;
  };
  if (reaim) {
    parts.push(`[0:v]${canvas}[scene]`);
    parts.push(`[${walk('scene')}]split=2[c0][c1]`);
  } else parts.push(`[0:v]${canvas}[c0]`);
  const sx = s.shake ? `${vx}+2*sin(t*2.3)` : `${vx}`;
  const sy = s.shake ? `${vy}+2*sin(t*1.7+1)` : `${vy}`;
  parts.push(`[c0]${filter('crop', { w: 640, h: 360, x: sx, y: sy })},scale=${W}:${H}:flags=area[v0]`);
  let cur = 'v0';
  if (reaim) {
    // Pan or tilt to the far side, or zoom in 2x on another part of the scene.
    const b = pan
      ? { w: 640, h: 360, x: 320 - vx, y: vy }
      : tilt
        ? { w: 640, h: 360, x: vx, y: 180 - vy }
        : { w: 320, h: 180, x: vx > 160 ? 40 : 600, y: vy > 90 ? 20 : 320 };
    parts.push(`[c1]${filter('crop', b)},scale=${W}:${H}:flags=area[v1]`);
    parts.push(`[v0][v1]overlay=enable='${on}'[vr]`);
    cur = 'vr';
  } else cur = walk(cur);
  const chain: string[] = [filter('eq', { brightness: `0.04*sin(t/11+${(r() * 6).toFixed(2)})`, eval: 'frame' })];
  // Things in front of the lens (before sensor noise and the burned-in overlay).
  if (s.kind === 'covered') {
    const m = even(W * 0.05);
    const [cw, ch] = [W + 2 * m, H + 2 * m];
    const variant = s.variant ?? 'hand';
    if (variant === 'paper') {
      parts.push(
        `color=c=${color(0xeeeae0)}:s=${W}x${H}:r=${FPS},format=rgba,${filter('geq', { r: 'r(X,Y)', g: 'g(X,Y)', b: 'b(X,Y)', a: `255*clip((${Math.round(W * 0.8)}-X)/14,0,1)` })}[cov]`,
      );
    } else {
      const hand = variant !== 'cloth'; // 'partial' is a hand over part of the lens
      const tone = hand ? SKIN[s.seed % SKIN.length]! : CLOTH[s.seed % CLOTH.length]!;
      const small = coverSprite(even(cw / 4), even(ch / 4), hand ? 'hand' : 'cloth', tone, FPS);
      parts.push(
        `${small},${filter('scale', { w: cw, h: ch, flags: 'bicubic' })},format=yuva420p,${filter('boxblur', { luma_radius: 3, luma_power: 1, chroma_radius: 2, alpha_radius: 5, alpha_power: 1 })}[cov]`,
      );
    }
    // Partial covers: a hand over the right, left or top part of the lens (the rest of the view stays).
    const [dx, dy] = PARTIAL_SHIFT[variant] ?? [0, 0];
    parts.push(
      `[${cur}][cov]${filter('overlay', { x: `${Math.round(dx * W) - (variant === 'paper' ? 0 : m)}+round(${m * 0.6}*sin(t*1.7))`, y: `${Math.round(dy * H) + (variant === 'paper' ? 0 : -m)}+round(${m * 0.5}*sin(t*1.1+1))`, enable: on })}[cv]`,
    );
    cur = 'cv';
  } else if (s.kind === 'person_near') {
    // Someone steps right in front of the lens for 12 s: big, out of focus, a quarter of the frame.
    const until = `between(t,${s.at},${(s.at ?? 0) + 12})`;
    parts.push(
      `${personSprite(even(H * 0.6), even(H * 1.8), { shirt: [60, 90, 150], trousers: [30, 30, 40], skin: SKIN[1]!, hair: [20, 20, 20] }, 'together', FPS)},${filter('gblur', { sigma: 8 })}[near]`,
    );
    parts.push(
      `[${cur}][near]${filter('overlay', { x: `${Math.round(W * 0.55)}-20*sin(t)`, y: Math.round(-H * 0.05), enable: until })}[nr]`,
    );
    cur = 'nr';
  }
  // Defocus strong enough to see at the model's 64x64 input (sigma 10 / 16 px at 320 = 2 / 3.2 px there).
  if (s.kind === 'defocused') chain.push(filter('gblur', { sigma: s.variant === 'moderate' ? 10 : 16, enable: on }));
  if (s.kind === 'lights_off')
    chain.push(filter('eq', { brightness: -0.25, contrast: 0.45, saturation: 0.25, enable: on }));
  if (s.kind === 'ir_night') chain.push(filter('hue', { s: 0, enable: on }), filter('vignette', { enable: on }));
  chain.push(filter('noise', { alls: s.noise, allf: 't' }));
  if (s.kind === 'lights_off' || s.kind === 'ir_night')
    chain.push(filter('noise', { alls: 10, allf: 't', enable: on }));
  if (s.clock) {
    chain.push(
      text(fonts, 'text', `Cam ${s.seed % 97}`, { x: 6, y: 6, size: 11, box: true }),
      text(fonts, 'clock', `%{pts:localtime:${EPOCH_S}:%Y-%m-%d %H\\:%M\\:%S}`, {
        x: 'w-tw-6',
        y: 6,
        size: 11,
        box: true,
        expand: true,
      }),
    );
  }
  // No picture from the camera (after the overlay: the camera's clock goes too).
  if (s.kind === 'blank') {
    const c = s.variant === 'nosignal' ? 0x1030a0 : s.variant === 'solid' ? 0x7f7f7f : 0x000000;
    chain.push(filter('drawbox', { x: 0, y: 0, w: 'iw', h: 'ih', color: color(c), t: 'fill', enable: on }));
    if (s.variant === 'nosignal')
      chain.push(
        filter('drawtext', {
          font: fonts.text,
          text: 'NO SIGNAL',
          x: '(w-tw)/2',
          y: '(h-th)/2',
          fontsize: 18,
          fontcolor: 'white',
          enable: on,
        }),
      );
  }
  if (s.kind === 'frozen') chain.push(`trim=end=${s.at}`, `tpad=stop_mode=clone:stop_duration=${s.seconds - s.at!}`);
  chain.push('format=yuv420p');
  parts.push(`[${cur}]${chain.join(',')}[out]`);
  return parts.join(';');
}

/** A photograph scaled once to the 960x540 canvas (decoding a 4352-px JPEG for every frame is slow). */
async function canvasOf(photo: string, dir: string): Promise<string> {
  const out = join(dir, `canvas-${createHash('sha256').update(photo).digest('hex').slice(0, 10)}.png`);
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}-${Math.random().toString(36).slice(2)}.png`;
    // prettier-ignore
    await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', photo, '-vf',
      'scale=960:540:force_original_aspect_ratio=increase:flags=area,crop=960:540', '-frames:v', '1', tmp]);
    renameSync(tmp, out);
  }
  return out;
}

/** Bump when renderScene's encoder settings change (the graph itself is part of each clip's hash). */
const ENCODER_VERSION = 2;

async function renderScene(file: string, s: SceneSpec): Promise<void> {
  const input = s.video
    ? ['-stream_loop', '-1', '-i', s.input]
    : ['-loop', '1', '-framerate', String(FPS), '-i', await canvasOf(s.input, dirname(file))];
  const rate = `${s.kbps}k`;
  // CBR at a substream's bitrate (as the simulator), or constant quality (kbps 0) as most cameras' VBR.
  const rc = s.kbps ? ['-b:v', rate, '-maxrate', rate, '-bufsize', rate] : ['-crf', '26'];
  // prettier-ignore
  await run('nice', ['-n', '10', 'ffmpeg', '-hide_banner', '-nostdin', '-v', 'error', '-y', ...input,
    '-filter_complex_threads', '1', '-filter_complex', sceneGraph(s), '-map', '[out]',
    '-frames:v', String(Math.round(s.seconds * FPS)),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-threads', '1',
    '-g', String(FPS), '-keyint_min', String(FPS), '-sc_threshold', '0', ...rc, '-f', 'mpegts', file],
    { maxBuffer: 1 << 24 });
}

// ---------------------------------------------------------------------------------------------
// the set
// ---------------------------------------------------------------------------------------------

interface Plan {
  clip: Omit<EventClip, 'file' | 'name'>;
  build: (file: string) => Promise<void>;
  /** What the clip is made of (the ffmpeg graphs): a clip is rebuilt when this changes. */
  spec: unknown;
}

const SIM_MODE: Record<Tamper, string[]> = {
  blank: ['blank:black', 'blank:nosignal', 'blank:solid', 'blank:black'],
  frozen: ['frozen', 'frozen', 'frozen', 'frozen'],
  covered: ['covered:hand', 'covered:cloth', 'covered:hand', 'covered:cloth'],
  defocused: ['defocused', 'defocused', 'defocused'],
  reaimed: ['reaimed', 'reaimed', 'reaimed', 'reaimed'],
};
const PHOTO_VARIANT: Record<Tamper, (string | undefined)[]> = {
  blank: ['black', 'nosignal', 'solid'],
  // vbr: a camera whose encoder sends a still picture as (nearly) repeated frames; cbr: a noisy still
  // re-encoded at 150 kbit/s CBR, whose frames churn as much as a live still room's noise.
  frozen: ['vbr', 'vbr', 'cbr'],
  covered: ['hand', 'cloth', 'paper', 'partial'],
  defocused: ['strong', 'moderate', 'strong', 'moderate'],
  reaimed: ['pan', 'tilt', 'zoom'],
};
/**
 * More tampered clips of the three classes a model can confuse (covered, defocused, re-aimed), so
 * that each class's recall rests on 16-18 clips: other simulator rooms (look indices 70-80), other
 * held-out photographs and camera windows, the other vtest window. Appended after the first set so
 * that its clips keep their names.
 */
const EXTRA_SIM_MODE: Partial<Record<Tamper, string[]>> = {
  covered: ['covered:hand', 'covered:cloth', 'covered:hand', 'covered:cloth'],
  defocused: ['defocused', 'defocused', 'defocused'],
  reaimed: ['reaimed', 'reaimed', 'reaimed', 'reaimed'],
};
const EXTRA_PHOTO_VARIANT: Partial<Record<Tamper, string[]>> = {
  covered: ['hand', 'cloth', 'partial-left', 'partial-top'],
  defocused: ['moderate', 'strong', 'moderate', 'moderate'],
  reaimed: ['tilt', 'pan', 'zoom'],
};
const EXTRA_VIDEO_VARIANT: Partial<Record<Tamper, string>> = {
  covered: 'hand',
  defocused: 'moderate',
  reaimed: 'tilt',
};

export interface SetOptions {
  /** Length of each normal clip (s). */
  normalSeconds: { simulator: number; photo: number; video: number; hard: number };
  /** Tampered clips: normal for `at` s, then tampered until `seconds`. */
  tamper: { at: number; seconds: number };
  /**
   * 'bench' (default): normal footage, hard normals and the tampered clips above. 'check': tampered
   * clips only, of the three classes a model or a rule can confuse, from other simulator rooms (looks
   * 81-91) and other windows of the held-out photographs and video: clips that no choice of model
   * or threshold was made on, to check a choice made on the bench.
   */
  clips?: 'bench' | 'check';
}

export const DEFAULT_SET: SetOptions = {
  normalSeconds: { simulator: 240, photo: 180, video: 79, hard: 120 },
  tamper: { at: 15, seconds: 35 },
};

export const CHECK_SET: SetOptions = { ...DEFAULT_SET, clips: 'check' };

/** Photo-camera tampers of the check set beyond EXTRA_PHOTO_VARIANT. */
const CHECK_PHOTO_VARIANT: Partial<Record<Tamper, string[]>> = {
  covered: ['cloth', 'hand', 'partial-top', 'paper', 'partial-left', 'partial'],
  defocused: ['strong', 'moderate', 'moderate'],
  reaimed: ['tilt', 'zoom', 'pan', 'tilt'],
};

function plans(o: SetOptions): Plan[] {
  const out: Plan[] = [];
  const sim = (look: number, clip: Omit<EventClip, 'file' | 'name' | 'source' | 'scene'>, segs: Segment[]) =>
    out.push({
      clip: { ...clip, source: 'simulator', scene: `look ${look}` },
      spec: { segs, graphs: simClipGraphs(simCamera(look), segs) },
      build: (file) => renderSimClip(file, simCamera(look), segs),
    });
  const scene = (
    src: { input: string; video: boolean; scene: string; source: 'photo' | 'video' },
    clip: Omit<EventClip, 'file' | 'name' | 'source' | 'scene'>,
    extra: Partial<SceneSpec>,
    seed: number,
  ) => {
    const r = rng(seed);
    const spec: SceneSpec = {
      input: src.input,
      video: src.video,
      seconds: clip.seconds,
      view: [Math.round(r() * 320), Math.round(r() * 180)],
      walkers: src.video ? 0 : 1 + Math.floor(r() * 2),
      clock: true,
      shake: !src.video,
      noise: 3 + Math.floor(r() * 4),
      kbps: clip.variant === 'vbr' ? 0 : clip.variant === 'cbr' ? 150 : [150, 200, 300][Math.floor(r() * 3)]!,
      kind: clip.kind,
      variant: clip.variant,
      at: clip.at,
      seed,
      ...extra,
    };
    out.push({
      clip: { ...clip, source: src.source, scene: src.scene },
      spec: { spec, graph: sceneGraph(spec), encoder: ENCODER_VERSION },
      build: (file) => renderScene(file, spec),
    });
  };
  const photo = (i: number) => {
    const p = HELD_OUT_PHOTOS[i % HELD_OUT_PHOTOS.length]!;
    return { input: p.path, video: false, scene: p.group, source: 'photo' as const };
  };
  const video = (i: number) => ({
    input: VIDEO,
    video: true,
    scene: `vtest window ${i % 2}`,
    source: 'video' as const,
  });

  if (o.clips !== 'check') {
    // Normal footage.
    [0, 3, 7, 12, 18, 25, 33, 41].forEach((look) =>
      sim(look, { kind: 'normal', seconds: o.normalSeconds.simulator }, [
        { mode: 'normal', seconds: o.normalSeconds.simulator },
      ]),
    );
    // Half of the photo cameras encode CBR at a substream's bitrate, half constant-quality (VBR).
    HELD_OUT_PHOTOS.forEach((_, i) =>
      scene(photo(i), { kind: 'normal', seconds: o.normalSeconds.photo }, i % 2 ? { kbps: 0 } : {}, 100 + i),
    );
    [0, 1].forEach((i) =>
      scene(video(i), { kind: 'normal', seconds: o.normalSeconds.video }, { view: i ? [300, 150] : [40, 60] }, 200 + i),
    );
    // Hard normals: the condition starts at 20 s and stays (person near: 12 s).
    const hard = { seconds: o.normalSeconds.hard, at: 20 };
    scene(photo(0), { kind: 'lights_off', ...hard }, {}, 300);
    scene(photo(2), { kind: 'lights_off', ...hard }, {}, 301);
    scene(photo(1), { kind: 'ir_night', ...hard }, {}, 302);
    scene(photo(3), { kind: 'person_near', ...hard }, {}, 303);
    scene(photo(0), { kind: 'person_near', ...hard }, {}, 304);
    scene(photo(2), { kind: 'static_room', ...hard, at: undefined }, { walkers: 0, shake: false }, 305);
    scene(
      photo(1),
      { kind: 'static_room', variant: 'no clock', ...hard, at: undefined },
      { walkers: 0, shake: false, clock: false, noise: 5, kbps: 0 },
      306,
    );
  }

  // Tampered clips: per class the simulator rooms from look `look`, then photo cameras and a vtest
  // window with seeds from `seed`.
  const t = o.tamper;
  const tampered = (
    first: { look: number; seed: number },
    simModes: Partial<Record<Tamper, string[]>>,
    photoVariants: Partial<Record<Tamper, (string | undefined)[]>>,
    videoVariant: (kind: Tamper) => string | undefined,
  ) => {
    let { look, seed } = first;
    for (const kind of TAMPERS) {
      for (const mode of simModes[kind] ?? [])
        sim(look++, { kind, variant: mode, seconds: t.seconds, at: t.at }, [
          { mode: 'normal', seconds: t.at },
          { mode, seconds: t.seconds - t.at },
        ]);
      for (const variant of photoVariants[kind] ?? []) {
        scene(photo(seed), { kind, variant, seconds: t.seconds, at: t.at }, {}, seed);
        seed++;
      }
      const v = videoVariant(kind);
      if (v !== undefined) {
        scene(video(seed), { kind, variant: v, seconds: t.seconds, at: t.at }, {}, seed);
        seed++;
      }
    }
  };
  if (o.clips === 'check') {
    tampered({ look: 81, seed: 600 }, EXTRA_SIM_MODE, EXTRA_PHOTO_VARIANT, (kind) => EXTRA_VIDEO_VARIANT[kind]);
    tampered({ look: 92, seed: 700 }, {}, CHECK_PHOTO_VARIANT, (kind) => EXTRA_VIDEO_VARIANT[kind]);
  } else {
    tampered({ look: 50, seed: 400 }, SIM_MODE, PHOTO_VARIANT, (kind) => PHOTO_VARIANT[kind][0]);
    tampered({ look: 70, seed: 500 }, EXTRA_SIM_MODE, EXTRA_PHOTO_VARIANT, (kind) => EXTRA_VIDEO_VARIANT[kind]);
  }
  return out;
}

/**
 * Builds (or reuses, when the same spec was built before) every clip under `dir`; `parallel`
 * ffmpeg jobs at a time. Returns the clips in a stable order.
 */
export async function buildEventClips(
  dir: string,
  opts: { set?: SetOptions; parallel?: number; log?: (l: string) => void } = {},
): Promise<EventClip[]> {
  mkdirSync(dir, { recursive: true });
  const all = plans(opts.set ?? DEFAULT_SET).map((p, i) => {
    const hash = createHash('sha256')
      .update(JSON.stringify({ clip: p.clip, spec: p.spec }))
      .digest('hex')
      .slice(0, 10);
    const name = `${String(i).padStart(2, '0')}-${p.clip.kind}${p.clip.variant ? `-${p.clip.variant.replace(/[^a-z]+/g, '')}` : ''}-${hash}`;
    return { plan: p, clip: { ...p.clip, name, file: join(dir, `${name}.ts`) } as EventClip };
  });
  // Clips of an older spec (same naming pattern, another hash) are stale: remove them.
  const current = new Set(all.map((c) => `${c.clip.name}.ts`));
  for (const f of readdirSync(dir))
    if (/^\d{2}-[a-z_-]+-[0-9a-f]{10}\.ts$/.test(f) && !current.has(f)) rmSync(join(dir, f));
  const todo = all.filter((c) => !existsSync(c.clip.file));
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const c = todo[next++]!;
      const t0 = Date.now();
      const tmp = `${c.clip.file}.part`;
      await c.plan.build(tmp);
      renameSync(tmp, c.clip.file);
      opts.log?.(`built ${c.clip.name} (${c.clip.seconds} s of video) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 2 }, worker));
  return all.map((c) => c.clip);
}

/**
 * Pure builder of one simulated camera's ffmpeg command line: a synthetic clinic room with a walker,
 * the camera's name and a clock burned in, the machine-readable timecode of @clinicwall/contract,
 * and the picture faults (blank, frozen, covered, defocused, re-aimed). One process encodes a main
 * stream and a half-size substream, each MPEG-TS over UDP.
 *
 * Everything static (room, walker sprites, cover) is drawn once and looped, so per frame the graph
 * only overlays small sprites, draws text and 33 small boxes, and encodes: a few % of a core.
 */
import { timecodeCells, timecodeStrip, type CameraArea } from '@clinicwall/contract';
import { color, filter } from './escape.ts';
import { lookFor, type Look } from './look.ts';
import type { ModeState } from './modes.ts';
import { coverSprite, personSprite, type Rgb } from './sprites.ts';

export interface Size {
  width: number;
  height: number;
}

/** What the scene needs to know about a camera. */
export interface SceneCamera {
  /** Position in the fleet (0-based): picks the room's look. */
  index: number;
  id: string;
  /** Camera name (e.g. 收费处) and its clinic's name, burned into the picture. */
  name: string;
  nameEn: string;
  area: CameraArea;
  clinicId: string;
  clinicName: string;
  /** udp:// targets of the main stream and the substream. */
  main: string;
  sub: string;
}

export interface SceneOptions {
  fps: number;
  main: Size;
  sub: Size;
  mainKbps: number;
  subKbps: number;
  /** fontconfig family names: a CJK-capable text font and a monospaced clock font. */
  fonts: { text: string; clock: string };
  /**
   * Wall-clock ms when the process starts (0 when omitted): keeps the walker's position a
   * function of real time, so a restart (mode switch) doesn't put him back at the same spot.
   */
  startMs?: number;
}

export const DEFAULT_SCENE: SceneOptions = {
  fps: 15,
  main: { width: 640, height: 360 },
  sub: { width: 320, height: 180 },
  mainKbps: 600,
  subKbps: 150,
  fonts: { text: 'Noto Sans CJK SC', clock: 'DejaVu Sans Mono' },
};

const even = (v: number) => 2 * Math.round(v / 2);

/** Where things are, in pixels. The room is a panorama twice as wide and 30 % taller than the view. */
export function geometry(main: Size) {
  const W = main.width;
  const H = main.height;
  const top = even(H * 0.3);
  const floorY = top + Math.round(H * 0.62);
  const cell = timecodeStrip(W, H);
  const person = { w: even(H * 0.14), h: even(H * 0.42) };
  return { W, H, PW: 2 * W, PH: H + top, top, floorY, strip: cell, person, margin: even(W * 0.05) };
}
type Geometry = ReturnType<typeof geometry>;

const rgb = (c: number): Rgb => [(c >> 16) & 255, (c >> 8) & 255, c & 255];
const shade = (c: number, f: number) =>
  rgb(c)
    .map((v) => Math.max(0, Math.min(255, Math.round(v * f))))
    .reduce((a, v) => (a << 8) | v, 0);

function box(x: number, y: number, w: number, h: number, c: number, alpha?: number): string {
  return filter('drawbox', {
    x: Math.round(x),
    y: Math.round(y),
    w: Math.round(w),
    h: Math.round(h),
    color: color(c, alpha),
    t: 'fill',
  });
}

/** A single still frame from a source filter, at the camera's frame rate. */
function still(source: string, options: Record<string, string | number>, fps: number): string {
  return `${filter(source, { ...options, r: fps })},trim=end_frame=1`;
}

function text(
  fonts: SceneOptions['fonts'],
  font: 'text' | 'clock',
  body: string,
  o: { x: string | number; y: string | number; size: number; color?: string; box?: boolean; expand?: boolean },
): string {
  return filter('drawtext', {
    font: fonts[font],
    expansion: o.expand ? 'normal' : 'none',
    text: body,
    x: o.x,
    y: o.y,
    fontsize: o.size,
    fontcolor: o.color ?? 'white',
    borderw: o.box ? undefined : Math.max(1, Math.round(o.size / 10)),
    bordercolor: o.box ? undefined : 'black@0.8',
    box: o.box ? 1 : undefined,
    boxcolor: o.box ? 'black@0.45' : undefined,
    boxborderw: o.box ? Math.max(2, Math.round(o.size / 5)) : undefined,
  });
}

const AREA_SIGN: Record<CameraArea, string> = {
  entrance: '入口 ENTRANCE',
  consulting: '诊室 CONSULTING',
  ward: '病房 WARD',
  cashier: '收费处 CASHIER',
  pharmacy: '药房 PHARMACY',
};

/** The furniture in front of the wall, by area (drawn at the left edge of the furniture zone). */
function furniture(g: Geometry, look: Look): string[] {
  const { W, H, floorY } = g;
  const x = look.furnitureX * W;
  const wood = look.wood;
  const out: string[] = [];
  switch (look.area) {
    case 'cashier':
    case 'pharmacy': {
      if (look.area === 'pharmacy') {
        // Shelves of medicine boxes behind the counter.
        const sx = x + 0.05 * W;
        const sw = 0.42 * W;
        const sy = floorY - 0.42 * H;
        out.push(box(sx, sy, sw, 0.4 * H, shade(wood, 0.8)));
        for (let row = 0; row < 3; row++) {
          const y = sy + 0.02 * H + row * 0.12 * H;
          out.push(box(sx + 4, y + 0.095 * H, sw - 8, 0.015 * H, shade(wood, 1.3)));
          for (let i = 0; i < 9; i++) {
            const hue = [0xd04040, 0x40a0d0, 0xf0f0f0, 0x50b050, 0xe0c040][(row * 7 + i * 3 + Math.round(x)) % 5]!;
            out.push(box(sx + 8 + i * (sw - 16) * 0.111, y + 0.03 * H, (sw - 16) * 0.085, 0.065 * H, hue));
          }
        }
      }
      // Counter with a glass screen and a monitor.
      const cw = 0.48 * W;
      const ch = 0.22 * H;
      out.push(box(x, floorY - ch, cw, ch + 0.03 * H, wood));
      out.push(box(x, floorY - ch, cw, 0.03 * H, shade(wood, 1.4)));
      out.push(box(x + 0.02 * W, floorY - ch - 0.2 * H, cw - 0.04 * W, 0.2 * H, 0xcfe8f0, 0.35));
      out.push(box(x + 0.3 * W, floorY - ch - 0.09 * H, 0.09 * W, 0.07 * H, 0x202020));
      out.push(box(x + 0.34 * W, floorY - ch - 0.02 * H, 0.01 * W, 0.02 * H, 0x202020));
      break;
    }
    case 'entrance': {
      // Glass double door with frames, and a mat.
      const dw = 0.2 * W;
      const dh = 0.4 * H;
      for (const dx of [0, dw + 4]) {
        out.push(box(x + dx, floorY - dh, dw, dh, 0x9fc7d8));
        out.push(filter('drawbox', { x: Math.round(x + dx), y: Math.round(floorY - dh), w: Math.round(dw), h: Math.round(dh), color: color(0x505860), t: 5 }));
      }
      out.push(box(x + 0.02 * W, floorY + 0.03 * H, 2 * dw - 0.04 * W, 0.06 * H, 0x3a3a3a));
      break;
    }
    case 'consulting': {
      // Desk with a monitor, a chair, and a privacy curtain.
      out.push(box(x + 0.25 * W, floorY - 0.45 * H, 0.2 * W, 0.47 * H, look.accent, 0.6));
      for (let i = 1; i < 8; i++) out.push(box(x + 0.25 * W + i * 0.025 * W, floorY - 0.45 * H, 2, 0.47 * H, shade(look.accent, 0.7)));
      out.push(box(x, floorY - 0.16 * H, 0.22 * W, 0.03 * H, wood));
      out.push(box(x + 0.01 * W, floorY - 0.13 * H, 0.02 * W, 0.15 * H, shade(wood, 0.7)));
      out.push(box(x + 0.19 * W, floorY - 0.13 * H, 0.02 * W, 0.15 * H, shade(wood, 0.7)));
      out.push(box(x + 0.05 * W, floorY - 0.26 * H, 0.1 * W, 0.09 * H, 0x202020));
      break;
    }
    case 'ward': {
      // Two beds with blankets and a rail.
      for (const bx of [x, x + 0.25 * W]) {
        out.push(box(bx, floorY - 0.14 * H, 0.2 * W, 0.1 * H, 0xf4f4f4));
        out.push(box(bx + 0.06 * W, floorY - 0.14 * H, 0.14 * W, 0.1 * H, look.accent));
        out.push(box(bx, floorY - 0.2 * H, 0.015 * W, 0.2 * H, 0x909090));
        out.push(box(bx, floorY - 0.04 * H, 0.2 * W, 0.04 * H, 0x909090));
      }
      break;
    }
  }
  return out;
}

/**
 * The static room, as labelled graph segments ending in `[room]`: one frame, `framing` picks the
 * normal view or the re-aimed one (shifted right, tilted up and rotated).
 */
function room(cam: SceneCamera, look: Look, opts: SceneOptions, framing: 'normal' | 'reaimed'): string[] {
  const g = geometry(opts.main);
  const { W, H, PW, PH, top, floorY } = g;
  const fps = opts.fps;
  const wall = [
    still('gradients', { s: `${PW}x${PH}`, c0: color(look.wall[0]), c1: color(look.wall[1]), x0: 0, y0: 0, x1: PW, y1: PH, n: 2, seed: 1 }, fps),
    'format=yuv420p',
    // Ceiling with lights (visible mostly when re-aimed), skirting board.
    box(0, 0, PW, top + 0.07 * H, look.ceiling),
    ...[0.1, 0.45, 0.8, 1.15, 1.5, 1.85].map((f) => box(f * W, top * 0.35, 0.14 * W, 0.025 * H, 0xffffee)),
    box(0, floorY - 0.02 * H, PW, 0.02 * H, shade(look.wall[1], 0.6)),
    // Door with frame and handle.
    box(look.doorX * W, floorY - 0.52 * H, 0.15 * W, 0.52 * H, shade(look.wood, 1.2)),
    filter('drawbox', { x: Math.round(look.doorX * W), y: Math.round(floorY - 0.52 * H), w: Math.round(0.15 * W), h: Math.round(0.52 * H), color: color(shade(look.wood, 0.6)), t: 4 }),
    box((look.doorX + 0.12) * W, floorY - 0.27 * H, 0.012 * W, 0.04 * H, 0xd0d0d0),
    // Sign board with the area name.
    box(look.furnitureX * W, top + 0.1 * H, 0.36 * W, 0.09 * H, look.accent),
    text(opts.fonts, 'text', AREA_SIGN[look.area], { x: Math.round((look.furnitureX + 0.015) * W), y: Math.round(top + 0.115 * H), size: Math.round(0.055 * H) }),
    // Outside the normal framing: a window with mullions and a cabinet.
    box(1.15 * W, top + 0.15 * H, 0.35 * W, 0.3 * H, 0xbfe0f5),
    box(1.15 * W + 0.17 * W, top + 0.15 * H, 0.012 * W, 0.3 * H, 0xffffff),
    box(1.15 * W, top + 0.29 * H, 0.35 * W, 0.012 * H, 0xffffff),
    box(1.62 * W, floorY - 0.4 * H, 0.2 * W, 0.4 * H, shade(look.wood, 0.9)),
    box(1.72 * W - 1, floorY - 0.4 * H, 2, 0.4 * H, shade(look.wood, 0.5)),
    `[wall]`,
  ];
  const floorH = PH - floorY;
  const floor = [
    still('color', { c: color(look.floor), s: `${PW}x${floorH}` }, fps),
    filter('drawgrid', { w: even(W / 12), h: even(floorH / 5), t: 2, c: color(look.grout) }),
    '[floor]',
  ];
  const poster = [
    still('mandelbrot', { s: `${even(0.12 * W)}x${even(0.22 * H)}`, maxiter: 96, start_x: look.poster.x, start_y: look.poster.y, start_scale: look.poster.scale }, fps),
    filter('hue', { h: Math.round(look.poster.hue * 360) }),
    'format=yuv420p',
    filter('drawbox', { x: 0, y: 0, w: 'iw', h: 'ih', color: color(0xf0f0f0), t: 3 }),
    '[poster]',
  ];
  const crop =
    framing === 'normal'
      ? filter('crop', { w: W, h: H, x: 0, y: top })
      : `${filter('rotate', { a: look.reaim.angle, fillcolor: color(look.ceiling) })},${filter('crop', { w: W, h: H, x: Math.round(look.reaim.x * W), y: 0 })}`;
  const compose = [
    `[wall][floor]overlay=x=0:y=${floorY}`,
    ...furniture(g, look),
    `[pos]`,
  ];
  return [
    wall.join(','),
    floor.join(','),
    poster.join(',').replace(',[poster]', '[poster]'),
    compose.join(',').replace(',[pos]', '[pos]'),
    `[pos][poster]overlay=x=${Math.round(look.posterX * W)}:y=${Math.round(top + 0.22 * H)},${crop}[room]`,
  ].map((s) => s.replace(/,\[(\w+)\]$/, '[$1]'));
}

/** Overlay expressions for the walker, who paces left and right along the floor. */
function walker(look: Look, g: Geometry, framing: 'normal' | 'reaimed', startMs: number) {
  const { W, H, top, floorY, strip } = g;
  const xMin = Math.round(0.03 * W);
  const span = Math.round(0.94 * W - g.person.w);
  const speed = Math.round(look.walk.speed * W);
  const phase = Math.round(look.walk.phase * 2 * span);
  const floorView = floorY - top;
  const feet = Math.round(floorView + 0.02 * H + look.walk.depth * (strip.y - floorView - 0.04 * H));
  const dx = framing === 'normal' ? 0 : -Math.round(look.reaim.x * W);
  const dy = framing === 'normal' ? 0 : top;
  const steps = (speed / (0.06 * W)).toFixed(3);
  // Seconds since start plus the start time modulo one walk (there and back): x follows real time.
  const t = `(t+${((startMs / 1000) % ((2 * span) / speed)).toFixed(3)})`;
  return {
    x: `${xMin + dx}+abs(mod(${t}*${speed}+${phase},${2 * span})-${span})`,
    y: `${feet + dy - g.person.h}-round(${Math.max(1, Math.round(H / 120))}*abs(sin(${t}*${steps}*PI)))`,
    // Two steps per stride: legs apart, then together.
    stride: `lt(mod(${t}*${steps},1),0.5)`,
  };
}

/** The 32-cell timecode of the contract, drawn from the frame's pts (epoch ms), on the main size. */
export function timecodeFilters(main: Size): string[] {
  const s = timecodeStrip(main.width, main.height);
  return [
    box(s.x, s.y, s.w, s.h, 0x000000),
    ...timecodeCells(main.width, main.height).map((c) =>
      filter('drawbox', {
        x: c.x,
        y: c.y,
        w: c.size,
        h: c.size,
        color: 'white',
        t: 'fill',
        enable: `eq(mod(floor(round(t*1000)/${2 ** c.bit}),2),1)`,
      }),
    ),
  ];
}

function osd(cam: SceneCamera, opts: SceneOptions): string[] {
  const H = opts.main.height;
  const pad = Math.round(H * 0.025);
  const big = Math.round(H * 0.058);
  const small = Math.round(H * 0.05);
  return [
    text(opts.fonts, 'text', cam.clinicName, { x: pad, y: pad, size: big, box: true }),
    text(opts.fonts, 'text', `${cam.name}  ${cam.id}`, { x: pad, y: pad + Math.round(big * 1.6), size: small, box: true }),
    text(opts.fonts, 'clock', '%{pts:localtime:0:%Y-%m-%d %H\\:%M\\:%S}', { x: `w-tw-${pad}`, y: pad, size: small, box: true, expand: true }),
  ];
}

/** Loops a one-frame label forever at the camera's rate, paced to wall-clock time. */
function paced(label: string, fps: number, out: string): string {
  return `[${label}]loop=loop=-1:size=1,settb=1/${fps},setpts=N,realtime[${out}]`;
}

/** Stamps each frame with the wall-clock time (ms) it is drawn at: the timecode's source. */
const STAMP = 'settb=1/1000,setpts=RTCTIME/1000';

/** The filtergraph for a camera in a mode; its outputs are `[main]` and `[sub]`. */
export function sceneGraph(cam: SceneCamera, state: ModeState, opts: SceneOptions = DEFAULT_SCENE): string {
  if (state.mode === 'cut') throw new Error('a cut camera runs no ffmpeg');
  const { fps, main, sub } = opts;
  const look = lookFor(cam.index, cam.area);
  const g = geometry(main);
  const split = `settb=1/${fps},setpts=N,split=2[main][s0];[s0]${filter('scale', { w: sub.width, h: sub.height, flags: 'area' })}[sub]`;

  if (state.mode === 'blank') {
    const size = `${main.width}x${main.height}`;
    const card =
      state.variant === 'nosignal'
        ? [
            still('color', { c: color(0x1030a0), s: size }, fps),
            text(opts.fonts, 'text', '无信号 NO SIGNAL', { x: '(w-tw)/2', y: '(h-th)/2', size: Math.round(main.height * 0.1) }),
            text(opts.fonts, 'text', `${cam.clinicName} ${cam.name}`, { x: '(w-tw)/2', y: `h-th-${Math.round(main.height * 0.12)}`, size: Math.round(main.height * 0.045) }),
          ].join(',')
        : still('color', { c: color(state.variant === 'black' ? 0 : look.solid), s: size }, fps);
    return [`${card}[still]`, `${paced('still', fps, 'v')}`, `[v]${split}`].join(';');
  }

  const framing = state.mode === 'reaimed' ? 'reaimed' : 'normal';
  const w = walker(look, g, framing, opts.startMs ?? 0);
  const p = look.person;
  const parts = [
    ...room(cam, look, opts, framing),
    paced('room', fps, 'bg'),
    `${personSprite(g.person.w, g.person.h, { shirt: rgb(p.shirt), trousers: rgb(p.trousers), skin: rgb(p.skin), hair: rgb(p.hair) }, 'together', fps)}[pa]`,
    `${personSprite(g.person.w, g.person.h, { shirt: rgb(p.shirt), trousers: rgb(p.trousers), skin: rgb(p.skin), hair: rgb(p.hair) }, 'apart', fps)}[pb]`,
    `[bg][pa]${filter('overlay', { x: w.x, y: w.y, enable: w.stride })}[w1]`,
    `[w1][pb]${filter('overlay', { x: w.x, y: w.y, enable: `not(${w.stride})` })}[scene]`,
  ];
  let scene = 'scene';
  if (state.mode === 'covered') {
    const m = g.margin;
    const tone = state.variant === 'hand' ? rgb(p.skin) : rgb(look.cloth);
    // Drawn at quarter size (geq is slow) and scaled up: soft, as an object on the lens would be.
    const [cw, ch] = [main.width + 2 * m, main.height + 2 * m];
    const small = coverSprite(even(cw / 4), even(ch / 4), state.variant, tone, fps);
    const soften = filter('boxblur', { luma_radius: 3, luma_power: 1, chroma_radius: 2, alpha_radius: 5, alpha_power: 1 });
    parts.push(`${small},${filter('scale', { w: cw, h: ch, flags: 'bicubic' })},format=yuva420p,${soften}[cover]`);
    parts.push(`[scene][cover]${filter('overlay', { x: `-${m}+round(${m * 0.6}*sin(t*1.7))`, y: `-${m}+round(${m * 0.5}*sin(t*1.1+1))` })}[fx]`);
    scene = 'fx';
  } else if (state.mode === 'defocused') {
    const f = 10;
    parts.push(
      `[scene]${filter('scale', { w: even(main.width / f), h: even(main.height / f), flags: 'area' })},${filter('scale', { w: main.width, h: main.height, flags: 'bicubic' })},${filter('boxblur', { luma_radius: 6, luma_power: 2, chroma_radius: 3, chroma_power: 1 })}[fx]`,
    );
    scene = 'fx';
  }
  const overlays = [...osd(cam, opts), ...timecodeFilters(main)].join(',');
  const freeze = state.mode === 'frozen' ? `,loop=loop=-1:size=1,settb=1/${fps},setpts=N,realtime` : '';
  parts.push(`[${scene}]realtime,${STAMP},${overlays}${freeze},${split}`);
  return parts.join(';');
}

function withPacketSize(url: string): string {
  return /[?&]pkt_size=/.test(url) ? url : `${url}${url.includes('?') ? '&' : '?'}pkt_size=1316`;
}

function encoder(kbps: number, fps: number): string[] {
  const rate = `${kbps}k`;
  return [
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
    '-threads', '1', '-g', String(fps), '-keyint_min', String(fps), '-sc_threshold', '0',
    '-b:v', rate, '-maxrate', rate, '-bufsize', rate, '-fps_mode', 'passthrough',
    // A PES length lets a receiver's demuxer hand the frame on as soon as it is complete, instead
    // of waiting for the next frame's first packet (one frame less latency at any ffmpeg ingest).
    '-flush_packets', '1', '-f', 'mpegts', '-muxdelay', '0', '-muxpreload', '0', '-omit_video_pes_length', '0',
  ];
}

/** The full ffmpeg argument list (without the `ffmpeg` itself) for a camera in a mode. */
export function ffmpegArgs(cam: SceneCamera, state: ModeState, opts: SceneOptions = DEFAULT_SCENE): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning', '-nostats', '-progress', 'pipe:1', '-stats_period', '1',
    '-filter_complex_threads', '1',
    '-filter_complex', sceneGraph(cam, state, opts),
    '-map', '[main]', ...encoder(opts.mainKbps, opts.fps), withPacketSize(cam.main),
    '-map', '[sub]', ...encoder(opts.subKbps, opts.fps), withPacketSize(cam.sub),
  ];
}

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
import { box, even, rgb, still, text } from './draw.ts';
import { color, filter } from './escape.ts';
import { lookFor } from './look.ts';
import type { ModeState } from './modes.ts';
import { geometry, room, walker } from './room.ts';
import { coverSprite, personSprite } from './sprites.ts';

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
    text(opts.fonts, 'text', `${cam.name}  ${cam.id}`, {
      x: pad,
      y: pad + Math.round(big * 1.6),
      size: small,
      box: true,
    }),
    text(opts.fonts, 'clock', '%{pts:localtime:0:%Y-%m-%d %H\\:%M\\:%S}', {
      x: `w-tw-${pad}`,
      y: pad,
      size: small,
      box: true,
      expand: true,
    }),
  ];
}

/** Loops a one-frame label forever at the camera's rate, paced to wall-clock time. */
function paced(label: string, fps: number, out: string): string {
  return `[${label}]loop=loop=-1:size=1,settb=1/${fps},setpts=N,realtime[${out}]`;
}

/** Stamps each frame with the wall-clock time (ms) it is drawn at: the timecode's source. */
const STAMP = 'settb=1/1000,setpts=RTCTIME/1000';

/**
 * Stamps the frame handed to the encoders with the wall-clock time in 90 kHz ticks (MPEG-TS's own
 * clock, fine enough that two frames never share a stamp): every mode, and every ffmpeg of a camera,
 * is on one timeline, so the stream's timestamps run on across a mode switch. (x264 takes its rate
 * control's frame rate from the graph, not from these stamps.)
 */
export const OUTPUT_STAMP = 'settb=1/90000,setpts=floor(RTCTIME*9/100)';

/** The filtergraph for a camera in a mode; its outputs are `[main]` and `[sub]`. */
export function sceneGraph(cam: SceneCamera, state: ModeState, opts: SceneOptions = DEFAULT_SCENE): string {
  if (state.mode === 'cut') throw new Error('a cut camera runs no ffmpeg');
  const { fps, main, sub } = opts;
  const look = lookFor(cam.index, cam.area);
  const g = geometry(main);
  const split = `${OUTPUT_STAMP},split=2[main][s0];[s0]${filter('scale', { w: sub.width, h: sub.height, flags: 'area' })}[sub]`;

  if (state.mode === 'blank') {
    const size = `${main.width}x${main.height}`;
    const card =
      state.variant === 'nosignal'
        ? [
            still('color', { c: color(0x1030a0), s: size }, fps),
            text(opts.fonts, 'text', '无信号 NO SIGNAL', {
              x: '(w-tw)/2',
              y: '(h-th)/2',
              size: Math.round(main.height * 0.1),
            }),
            text(opts.fonts, 'text', `${cam.clinicName} ${cam.name}`, {
              x: '(w-tw)/2',
              y: `h-th-${Math.round(main.height * 0.12)}`,
              size: Math.round(main.height * 0.045),
            }),
          ].join(',')
        : still('color', { c: color(state.variant === 'black' ? 0 : look.solid), s: size }, fps);
    return [`${card}[still]`, `${paced('still', fps, 'v')}`, `[v]${split}`].join(';');
  }

  const framing = state.mode === 'reaimed' ? 'reaimed' : 'normal';
  const w = walker(look, g, framing, opts.startMs ?? 0);
  const p = look.person;
  const parts = [
    ...room(look, opts, framing),
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
    const soften = filter('boxblur', {
      luma_radius: 3,
      luma_power: 1,
      chroma_radius: 2,
      alpha_radius: 5,
      alpha_power: 1,
    });
    parts.push(`${small},${filter('scale', { w: cw, h: ch, flags: 'bicubic' })},format=yuva420p,${soften}[cover]`);
    parts.push(
      `[scene][cover]${filter('overlay', { x: `-${m}+round(${m * 0.6}*sin(t*1.7))`, y: `-${m}+round(${m * 0.5}*sin(t*1.1+1))` })}[fx]`,
    );
    scene = 'fx';
  } else if (state.mode === 'defocused') {
    // Blur at 1/8 size, then scale back up: a strong, smooth defocus for a fraction of the cost.
    const f = 8;
    parts.push(
      `[scene]${filter('scale', { w: even(main.width / f), h: even(main.height / f), flags: 'area' })},${filter('boxblur', { luma_radius: 2, luma_power: 2, chroma_radius: 1, chroma_power: 1 })},${filter('scale', { w: main.width, h: main.height, flags: 'bicubic' })}[fx]`,
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
  // prettier-ignore
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
  // prettier-ignore
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning', '-nostats', '-progress', 'pipe:1', '-stats_period', '1',
    '-filter_complex_threads', '1',
    '-filter_complex', sceneGraph(cam, state, opts),
    '-map', '[main]', ...encoder(opts.mainKbps, opts.fps), withPacketSize(cam.main),
    '-map', '[sub]', ...encoder(opts.subKbps, opts.fps), withPacketSize(cam.sub),
  ];
}

/**
 * The camera simulator's drawn clinic rooms, rendered offline to files (no UDP, no fixed ports, not
 * paced to the wall clock): clips for the tile-health benchmark and room panoramas as an extra scene
 * source for training. The graph is the simulator's own `sceneGraph` (infra/simulator, not edited
 * here) with its real-time pacing taken out, encoded like the simulator's substream.
 *
 *   node --import tsx models/tools/sim-scenes.ts panoramas --out DIR [--from 100] [--count 60]
 *   node --import tsx models/tools/sim-scenes.ts clip --out FILE --index 3 --modes normal:5,covered:hand:10
 *
 * Look indices 0-99 are the demo registry's cameras (the e2e tests and the verification use them);
 * training only ever uses rooms from index 100 up (see models/training/sources.py).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { CAMERA_AREAS, type CameraArea } from '@clinicwall/contract';
import { filter } from '../../infra/simulator/src/escape.ts';
import { resolveFonts } from '../../infra/simulator/src/font.ts';
import { lookFor } from '../../infra/simulator/src/look.ts';
import { parseModeRequest, resolveMode, type ModeState } from '../../infra/simulator/src/modes.ts';
import { loadRegistry, selectCameras } from '../../infra/simulator/src/registry.ts';
import { geometry, room } from '../../infra/simulator/src/room.ts';
import {
  DEFAULT_SCENE,
  OUTPUT_STAMP,
  sceneGraph,
  type SceneCamera,
  type SceneOptions,
} from '../../infra/simulator/src/scene.ts';

const run = promisify(execFile);

/** Registry camera `index` (0-99), or a made-up camera with a room of the same generator beyond. */
export function simCamera(index: number): SceneCamera {
  if (index < 100) {
    const cams = selectCameras(loadRegistry(), index + 1, 40000);
    return cams[index]!;
  }
  const area: CameraArea = CAMERA_AREAS[index % CAMERA_AREAS.length]!;
  return {
    index,
    id: `room-${index}`,
    name: `训练 ${index}`,
    nameEn: `training ${index}`,
    area,
    clinicId: 'training',
    clinicName: '训练诊所',
    main: 'udp://127.0.0.1:9',
    sub: 'udp://127.0.0.1:9',
  };
}

function sceneOptions(fps: number, startMs: number): SceneOptions {
  const fonts = resolveFonts();
  return { ...DEFAULT_SCENE, fps, fonts: { text: fonts.text, clock: fonts.clock }, startMs };
}

/** `graph` with the one occurrence of `from` replaced; throws when the simulator's graph has none. */
export function replaceOnce(graph: string, from: string, to: string): string {
  const at = graph.indexOf(from);
  if (at < 0) throw new Error(`the simulator's scene graph changed: no "${from}" in it`);
  return graph.slice(0, at) + to + graph.slice(at + from.length);
}

/**
 * The simulator's graph for one camera and mode, unpaced: frame n is stamped startMs + n/fps
 * (the burned-in clock and timecode read that time) instead of the wall clock.
 */
export function offlineGraph(cam: SceneCamera, state: ModeState, fps: number, startMs: number): string {
  let g = sceneGraph(cam, state, sceneOptions(fps, startMs));
  g = g.replaceAll(',realtime[', '[');
  g = g.replaceAll(`setpts=N,realtime,`, 'setpts=N,');
  // The wall-clock stamp for the encoders: offline, the frames keep the times set above.
  g = replaceOnce(g, `${OUTPUT_STAMP},`, '');
  if (state.mode !== 'blank') {
    g = replaceOnce(
      g,
      'realtime,settb=1/1000,setpts=RTCTIME/1000,',
      `settb=1/1000,setpts=${startMs}+N*${(1000 / fps).toFixed(6)},`,
    );
  }
  if (g.includes('realtime') || g.includes('RTCTIME')) throw new Error('could not take the pacing out of the graph');
  return `${g};[main]nullsink`; // only the substream is rendered
}

/** x264 as the simulator encodes its 320x180 substream (ultrafast, zerolatency, 1 s GOP, CBR). */
function substreamEncoder(fps: number): string[] {
  const rate = `${DEFAULT_SCENE.subKbps}k`;
  // prettier-ignore
  return ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline',
    '-pix_fmt', 'yuv420p', '-threads', '1', '-g', String(fps), '-keyint_min', String(fps), '-sc_threshold', '0',
    '-b:v', rate, '-maxrate', rate, '-bufsize', rate];
}

export interface Segment {
  /** A simulator mode, e.g. `normal`, `covered:hand`, `blank:nosignal`, `reaimed`. */
  mode: string;
  seconds: number;
}

export function parseSegments(spec: string): Segment[] {
  return spec.split(',').map((part) => {
    const bits = part.split(':');
    const seconds = Number(bits.pop());
    if (!(seconds > 0)) throw new Error(`bad segment "${part}": want mode[:variant]:seconds`);
    return { mode: bits.join(':'), seconds };
  });
}

const DEFAULT_START_MS = Date.UTC(2026, 10, 23, 2, 0, 0);

/** The offline graph of each segment (each starts where the previous one ended, walker and clock run on). */
export function simClipGraphs(
  cam: SceneCamera,
  segments: Segment[],
  opts: { fps?: number; startMs?: number } = {},
): string[] {
  const fps = opts.fps ?? DEFAULT_SCENE.fps;
  let t = opts.startMs ?? DEFAULT_START_MS;
  return segments.map((seg) => {
    const [mode, variant] = seg.mode.split(':');
    const state = resolveMode(parseModeRequest(mode!, variant), cam.index);
    if (state.mode === 'cut') throw new Error('a cut camera sends nothing: no clip to render');
    const g = offlineGraph(cam, state, fps, t);
    t += seg.seconds * 1000;
    return g;
  });
}

/**
 * Renders the camera's substream through the given modes in turn (each switch restarts the
 * encoder, as the simulator restarts ffmpeg) into one MPEG-TS file. Walker and clock run on.
 */
export async function renderSimClip(
  out: string,
  cam: SceneCamera,
  segments: Segment[],
  opts: { fps?: number; startMs?: number } = {},
): Promise<void> {
  const fps = opts.fps ?? DEFAULT_SCENE.fps;
  const graphs = simClipGraphs(cam, segments, opts);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'sim-clip-'));
  try {
    const parts: string[] = [];
    for (const [i, seg] of segments.entries()) {
      const part = join(tmp, `${i}.ts`);
      // prettier-ignore
      await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y',
        '-filter_complex_threads', '1', '-filter_complex', graphs[i]!,
        '-map', '[sub]', '-frames:v', String(Math.round(seg.seconds * fps)), ...substreamEncoder(fps), '-f', 'mpegts', part],
        { maxBuffer: 1 << 24 });
      parts.push(part);
    }
    const list = join(tmp, 'list.txt');
    writeFileSync(list, parts.map((p) => `file '${p}'`).join('\n') + '\n');
    // prettier-ignore
    await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-f', 'concat', '-safe', '0',
      '-i', list, '-c', 'copy', '-f', 'mpegts', out]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The whole static room of a look (twice the view's width, 30 % taller; no walker, no OSD), as a
 * PNG: the training code aims its own simulated cameras into it. Returns the normal framing's
 * rectangle inside the panorama.
 */
export async function renderPanorama(
  out: string,
  cam: SceneCamera,
): Promise<{ x: number; y: number; w: number; h: number }> {
  const opts = sceneOptions(1, 0);
  const g = geometry(opts.main);
  const look = lookFor(cam.index, cam.area);
  const crop = filter('crop', { w: g.W, h: g.H, x: 0, y: g.top });
  const parts = room(look, opts, 'normal');
  const last = parts.length - 1;
  parts[last] = replaceOnce(parts[last]!, `,${crop}[room]`, '[room]');
  mkdirSync(dirname(out), { recursive: true });
  // prettier-ignore
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-filter_complex', parts.join(';'), '-map', '[room]', '-frames:v', '1', out], { maxBuffer: 1 << 24 });
  return { x: 0, y: g.top, w: g.W, h: g.H };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      from: { type: 'string' },
      count: { type: 'string' },
      index: { type: 'string' },
      modes: { type: 'string' },
      fps: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (!values.out) throw new Error('--out is required');
  if (command === 'panoramas') {
    const from = Number(values.from ?? 100);
    const count = Number(values.count ?? 60);
    if (from < 100) throw new Error('training rooms start at index 100 (0-99 are the held-out registry cameras)');
    const index: Record<string, unknown> = {};
    for (let i = from; i < from + count; i++) {
      const cam = simCamera(i);
      const file = `room-${i}.png`;
      index[file] = { index: i, area: cam.area, normalView: await renderPanorama(join(values.out, file), cam) };
    }
    writeFileSync(join(values.out, 'rooms.json'), JSON.stringify(index, null, 1) + '\n');
    console.log(`${count} panoramas in ${values.out}`);
  } else if (command === 'clip') {
    const cam = simCamera(Number(values.index ?? 0));
    await renderSimClip(values.out, cam, parseSegments(values.modes ?? 'normal:10'), {
      fps: values.fps ? Number(values.fps) : undefined,
    });
    console.log(values.out);
  } else throw new Error('usage: sim-scenes.ts panoramas --out DIR [--from 100 --count 60] | clip --out FILE ...');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`sim-scenes: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

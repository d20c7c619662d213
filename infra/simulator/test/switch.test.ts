/**
 * Mode switches are gapless on the wire: across normal → blank → frozen → covered → normal a
 * camera's main stream and substream keep coming without a silence longer than a few frame
 * intervals, as one MPEG-TS stream (continuity counters run on), each new picture shows as soon as
 * the switch returns (the new encoder's stream starts with a key frame: a decoder that runs
 * throughout reports no error), and `cut` still stops every packet. Measured on the real UDP
 * output, decoded by a real ffmpeg.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTimecode, timecodeAgeMs } from '@clinicwall/contract';
import { startFleet, type Fleet } from '../src/index.ts';
import {
  decodeGray,
  freeUdpBasePort,
  logPackets,
  meanAbsDiff,
  stats,
  type Arrival,
  type Decoder,
  type GrayFrame,
  type PacketLog,
} from './capture.ts';

const W = 640;
const H = 360;
const CAM = 'cam-001'; // camera index 0: `covered` defaults to a hand
/**
 * Longest silence tolerated on either stream while switching. Frames leave every 67 ms (15 fps);
 * on a loaded 2-core machine an encoder is sometimes late by a frame or two. A switch that drops
 * the old encoder before the new one sends costs an ffmpeg start-up (0.35–1 s here, more loaded).
 */
const MAX_GAP_MS = 300;
/** After setMode returns: one frame interval, the decoder's one-frame wait, scheduling slack. */
const MAX_PICTURE_AFTER_SWITCH_MS = 500;

let fleet: Fleet;
let main: PacketLog;
let sub: PacketLog;
let decoder: Decoder;

/** What a decoded main-stream frame shows. */
interface Seen {
  at: number;
  timecode: number | null;
  /** Mean horizontal luma step below the OSD and above the timecode strip: the room's edges. */
  edges: number;
  mean: number;
  stdev: number;
  /** Identical to the frame before, timecode included. */
  still: boolean;
}
const seen: Seen[] = [];
let previous: (GrayFrame & { timecode: number | null }) | null = null;

function edges(d: Buffer): number {
  let sum = 0;
  for (let y = 70; y < 320; y++) for (let x = 0; x < W - 1; x++) sum += Math.abs(d[y * W + x + 1]! - d[y * W + x]!);
  return sum / (250 * (W - 1));
}

/** The frame's timecode, if it carries one (a black strip reads as 0, a stale time, not a timecode). */
function timecodeOf(f: GrayFrame): number | null {
  const v = decodeTimecode(W, H, (x, y) => f.data[y * W + x]!);
  return v !== null && Math.abs(timecodeAgeMs(v, f.at)) < 600_000 ? v : null;
}

function look(f: GrayFrame): void {
  const timecode = timecodeOf(f);
  const still =
    previous !== null && timecode !== null && previous.timecode === timecode && meanAbsDiff(previous.data, f.data) < 1;
  const { mean, stdev } = stats(f.data);
  seen.push({ at: f.at, timecode, edges: edges(f.data), mean, stdev, still });
  previous = { ...f, timecode };
}

/** Whether a frame shows `mode`, given the edges of the camera's normal picture. */
function shows(mode: string, s: Seen, normalEdges: number): boolean {
  switch (mode) {
    case 'normal':
      return s.timecode !== null && !s.still && s.edges > 0.7 * normalEdges;
    case 'blank':
      return s.mean < 20 && s.stdev < 3;
    case 'frozen':
      return s.still;
    case 'covered':
      return s.timecode !== null && !s.still && s.edges < 0.4 * normalEdges;
    default:
      throw new Error(`no check for ${mode}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function firstShowing(mode: string, since: number, normalEdges: number, timeoutMs = 6000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = seen.find((s) => s.at >= since && shows(mode, s, normalEdges));
    if (hit) return hit.at;
    if (Date.now() > deadline) throw new Error(`no ${mode} picture within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The longest time without a datagram in [from, to], edges included. */
function longestGap(arrivals: Arrival[], from: number, to: number): number {
  const times = [from, ...arrivals.map((a) => a.at).filter((t) => t > from && t < to), to];
  return Math.max(...times.slice(1).map((t, i) => t - times[i]!));
}

before(async () => {
  const base = await freeUdpBasePort(2);
  const decoderPort = await freeUdpBasePort(1);
  main = await logPackets(base, decoderPort);
  sub = await logPackets(base + 1);
  decoder = decodeGray(`udp://127.0.0.1:${decoderPort}`, W, H, look);
  fleet = await startFleet({ cameras: 1, httpPort: 0, basePort: base, log: () => {} });
});
after(async () => {
  decoder?.stop();
  await fleet?.stop();
  await Promise.all([main?.close(), sub?.close()]);
});

/** The edges of the normal picture, once it is on screen. */
async function normalEdges(): Promise<number> {
  await firstShowing('normal', 0, 0, 15_000);
  await sleep(500);
  const e = seen.slice(-5).map((s) => s.edges);
  assert.ok(Math.min(...e) > 1, `the room has edges: ${e.join(' ')}`);
  return Math.min(...e);
}

test('switching modes leaves no gap on the wire; each new picture shows as soon as the switch returns', async (t) => {
  const ref = await normalEdges();
  const from = Date.now();
  const rows: string[] = [];
  const steps: [string, string?][] = [['blank', 'black'], ['frozen'], ['covered', 'hand'], ['normal']];
  for (const [mode, variant] of steps) {
    const t0 = Date.now();
    const state = await fleet.setMode(CAM, mode, variant);
    const t1 = Date.now();
    assert.equal(state.mode, mode);
    assert.equal(state.running, true);
    assert.ok(state.liveSince, 'on air');
    const shown = await firstShowing(mode, t0, ref);
    rows.push(
      `${mode}: switch ${t1 - t0} ms, picture ${shown - t0} ms after the request, ${shown - t1} ms after the switch`,
    );
    assert.ok(shown - t1 < MAX_PICTURE_AFTER_SWITCH_MS, rows.at(-1));
    await sleep(1500);
    // From its first frame on, the new mode and nothing else: the old encoder no longer gets through.
    const odd = seen.filter((s) => s.at >= shown && !shows(mode, s, ref));
    assert.equal(odd.length, 0, `${mode}: ${odd.length} frames of something else: ${JSON.stringify(odd[0])}`);
  }
  const to = Date.now();
  const gaps = { main: longestGap(main.arrivals, from, to), sub: longestGap(sub.arrivals, from, to) };
  rows.forEach((r) => t.diagnostic(r));
  t.diagnostic(`longest silence across the switches: main ${gaps.main} ms, sub ${gaps.sub} ms`);
  assert.ok(gaps.main < MAX_GAP_MS && gaps.sub < MAX_GAP_MS, JSON.stringify(gaps));
  assert.equal(decoder.stderr(), '', 'the decoder saw a clean stream throughout');
  assert.deepEqual([main.discontinuities(), sub.discontinuities()], [0, 0], 'continuity counters run on');
});

test('cut stops every packet at once; leaving cut sends again, opening with a key frame', async (t) => {
  const ref = await normalEdges();
  const t0 = Date.now();
  const cut = await fleet.setMode(CAM, 'cut');
  const t1 = Date.now();
  assert.deepEqual([cut.mode, cut.running, cut.pid, cut.liveSince], ['cut', false, null, null]);
  await sleep(1000);
  const both = () => [...main.arrivals, ...sub.arrivals];
  const last = Math.max(
    ...both()
      .filter((a) => a.at <= t1)
      .map((a) => a.at),
  );
  assert.ok(last - t0 < 150, `the packets stopped ${last - t0} ms after the request`);
  assert.equal(both().filter((a) => a.at > t1).length, 0, 'nothing while cut');

  const t2 = Date.now();
  const back = await fleet.setMode(CAM, 'normal');
  const t3 = Date.now();
  assert.equal(back.running, true);
  const shown = await firstShowing('normal', t2, ref);
  t.diagnostic(`cut took ${t1 - t0} ms; back to normal: switch ${t3 - t2} ms, picture ${shown - t3} ms after it`);
  assert.ok(shown - t3 < MAX_PICTURE_AFTER_SWITCH_MS);
  for (const log of [main, sub]) {
    const first = log.arrivals.find((a) => a.at > t2);
    assert.equal(first?.key, true, 'the first datagram after the cut carries a key frame');
  }
  assert.equal(decoder.stderr(), '');
});

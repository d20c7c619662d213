import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TileVerdict } from '@clinicwall/contract';
import { ITEM_FLOATS, TileHealthPipeline, type Classifier } from '@clinicwall/models';
import { InvalidStateError, SfuError, type Tap } from '@clinicwall/sfu';
import {
  Sentinel,
  SENTINEL_PIPELINE,
  SENTINEL_TICK_MS,
  type SentinelTick,
  type SentinelVerdict,
  type TapSource,
} from './sentinel.ts';
import { FakeTap, fakeFfmpeg } from './testkit.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Blank when the current frame's first red value is black, ok otherwise; records each call's batch size. */
function darkIsBlank(): Classifier & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    async run(batch, n) {
      calls.push(n);
      const out = new Float32Array(n * 4);
      for (let i = 0; i < n; i++) out[i * 4 + (batch[i * ITEM_FLOATS]! < 0.1 ? 1 : 0)] = 0.95;
      return out;
    },
  };
}

function source(unknown: string[] = []): TapSource & { taps: Map<string, FakeTap>; openedAt: number[] } {
  const taps = new Map<string, FakeTap>();
  const openedAt: number[] = [];
  return {
    taps,
    openedAt,
    async openTap(cameraId): Promise<Tap> {
      openedAt.push(Date.now());
      if (unknown.includes(cameraId)) throw new SfuError('not_found', `camera ${cameraId} does not exist`);
      const tap = new FakeTap(cameraId);
      taps.set(cameraId, tap);
      return tap.asTap();
    },
  };
}

// Camera b is dark (every byte 0x10: Y=16 with U=V=16, red 0, a very dark green), the others mid grey.
const ff = () => fakeFfmpeg({ frames: 200, intervalS: 0.05, fill: 128, fillFor: { 'cam-b': 16 }, holdS: 30 });
const fast = { sampleHz: 10, referenceMs: 100, recentAgeMs: 100, raiseAfterMs: 400, clearAfterMs: 400 };

test("all cameras' frames are classified in one inference call per tick; changes come out as sentinel verdicts", async () => {
  const classifier = darkIsBlank();
  const sentinel = new Sentinel({
    taps: source(),
    classifier,
    cameras: ['cam-a', 'cam-b', 'cam-c'],
    tickMs: 200,
    startsPerSecond: 100,
    pipeline: fast,
    decoder: { ffmpegPath: ff().path },
  });
  const verdicts: SentinelVerdict[] = [];
  const ticks: SentinelTick[] = [];
  sentinel.on('verdict', (v) => verdicts.push(v));
  sentinel.on('tick', (t) => ticks.push(t));
  let cameras;
  try {
    const deadline = Date.now() + 8000;
    while (!verdicts.length && Date.now() < deadline) await sleep(50);
    await sleep(600);
    cameras = sentinel.cameras();
  } finally {
    sentinel.close();
  }
  await sleep(300); // a call in flight finishes
  const classified = ticks.filter((t) => t.checks.length > 0);
  assert.ok(classified.length >= 3, `${classified.length} ticks with checks`);
  assert.deepEqual(
    classifier.calls,
    classified.map((t) => t.checks.length),
    'one inference call per tick, holding all its checks',
  );
  const everyCamera = classified.filter((t) => new Set(t.checks.map((c) => c.cameraId)).size === 3);
  assert.ok(everyCamera.length >= 2, 'calls hold the frames of every camera');

  assert.deepEqual(
    verdicts.map((v) => [v.cameraId, v.previous, v.verdict]),
    [['cam-b', 'ok', 'blank']],
  );
  const v = verdicts[0]!;
  assert.equal(TileVerdict.parse(v).backend, 'node');
  assert.equal(v.source, 'sentinel');
  assert.ok(v.onsetAt < v.decidedAt && v.decidedAt - v.onsetAt >= 400);
  assert.deepEqual(
    cameras.map((c) => [c.cameraId, c.verdict, c.since, c.signal, c.decoder?.state]),
    [
      ['cam-a', 'ok', null, true, 'running'],
      ['cam-b', 'blank', v.onsetAt, true, 'running'],
      ['cam-c', 'ok', null, true, 'running'],
    ],
  );
  const checksOfB = classified.flatMap((t) => t.checks).filter((c) => c.cameraId === 'cam-b');
  assert.ok(checksOfB.every((c) => c.verdict === 'blank'));
});

test('decoder starts are spread out; an unknown camera shows its error; removal and close stop everything', async () => {
  const taps = source(['cam-x']);
  const sentinel = new Sentinel({
    taps,
    classifier: darkIsBlank(),
    cameras: ['cam-a', 'cam-b', 'cam-c', 'cam-x'],
    startsPerSecond: 10,
    pipeline: fast,
    decoder: { ffmpegPath: ff().path },
  });
  try {
    const deadline = Date.now() + 5000;
    while (taps.openedAt.length < 4 && Date.now() < deadline) await sleep(20);
    assert.equal(taps.openedAt.length, 4);
    const gaps = taps.openedAt.slice(1).map((t, i) => t - taps.openedAt[i]!);
    assert.ok(Math.min(...gaps) >= 70, `gaps between starts ${gaps.join(' ')} ms`);
    assert.match(sentinel.camera('cam-x')!.error ?? '', /does not exist/);
    assert.equal(sentinel.camera('cam-x')!.decoder, null);

    sentinel.addCamera('cam-a'); // already checked: nothing happens
    assert.equal(sentinel.cameras().length, 4);
    sentinel.removeCamera('cam-a');
    assert.equal(sentinel.camera('cam-a'), null);
    assert.equal(taps.taps.get('cam-a')!.closed, true);

    taps.taps.get('cam-b')!.close(); // the SFU removed the camera
    assert.match(sentinel.camera('cam-b')!.error ?? '', /closed the tap/);
    assert.equal(sentinel.camera('cam-b')!.decoder!.state, 'stopped');
  } finally {
    sentinel.close();
    sentinel.close();
  }
  assert.equal(taps.taps.get('cam-c')!.closed, true);
  assert.throws(() => sentinel.addCamera('cam-z'), InvalidStateError);
  assert.throws(() => new Sentinel({ taps, classifier: darkIsBlank(), tickMs: 10 }), TypeError);
});

test('with the default settings, blank key frames of a 1 s GOP are raised on the third one, whatever the arrival jitter', async () => {
  const key = (t: number, y: number) => ({
    format: 'I420' as const,
    width: 64,
    height: 36,
    data: new Uint8Array(64 * 36 * 1.5)
      .fill(y)
      .map((v, i) => (y === 16 || i >= 64 * 36 ? v : 40 + ((i * 37 + Math.floor(t / 7)) % 200))),
  });
  // Key frames every ~1 s; the blank ones start at 10 s and arrive a little early or late.
  for (const jitter of [
    [0, 0, 0],
    [-15, 10, -20],
    [20, -30, 5],
    [30, 25, 0],
    [-40, -35, 0],
  ]) {
    const p = new TileHealthPipeline({ ...SENTINEL_PIPELINE, classifier: darkIsBlank(), maxBatch: 100 });
    const times = [...Array.from({ length: 10 }, (_, i) => i * 1000)];
    let t = 10_000;
    times.push(t);
    for (const j of jitter) times.push((t += 1000 + j));
    times.push(t + 1000);
    const changes = [];
    for (const at of times) {
      p.push('cam', at, key(at, at >= 10_000 ? 16 : 128));
      changes.push(...(await p.flush()));
    }
    assert.deepEqual(
      changes.map((c) => [c.verdict, c.onsetMs, c.atMs]),
      [['blank', 10_000, times[12]]],
      `jitter ${jitter.join(' ')}`,
    );
  }
  assert.ok(SENTINEL_TICK_MS <= 100, 'a frame waits at most 0.1 s for its inference call');
});

/**
 * The server-side tile-health sentinel against real parts: simulated clinic cameras (ffmpeg), the
 * SFU's supervised ingest on a real mediasoup worker, taps, key-frame decoders (ffmpeg) and the
 * real tile-health model (onnxruntime-node). Run under the stack lock (it feeds UDP cameras):
 *   flock /tmp/clinicwall-stack.lock node --import tsx --test server/test/integration/sentinel.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { TileVerdict, type Camera } from '@clinicwall/contract';
import { startFleet, type Fleet } from '@clinicwall/infra/simulator';
import { Sfu, defaultSfuConfig } from '@clinicwall/sfu';
import { NodeClassifier } from '../../../models/src/classifier-node.ts';
import { Sentinel, type SentinelVerdict } from '../../src/sentinel/sentinel.ts';

const NORMAL = 'cam-001';
const BLANKED = 'cam-002';
const FROZEN = 'cam-003';
const IDS = [NORMAL, BLANKED, FROZEN];

let fleet: Fleet;
let sfu: Sfu;
let classifier: NodeClassifier;
let sentinel: Sentinel;
const verdicts: SentinelVerdict[] = [];

/** 2n consecutive free UDP ports below the ephemeral range, off the fixture (21000+) and RTC (40000+) ports. */
async function freeUdpRange(n: number): Promise<number> {
  const bindable = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 30000 + 2 * Math.floor(Math.random() * 1200);
    const ok = await Promise.all(Array.from({ length: 2 * n }, (_, i) => bindable(base + i)));
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no free UDP port range');
}

async function waitFor<T>(what: string, fn: () => T | null | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cam = (id: string) => sentinel.camera(id)!;
const verdictsOf = (id: string, from = 0) => verdicts.slice(from).filter((v) => v.cameraId === id);

/** Waits for the sentinel to report `verdict` for a camera after index `from`; returns it and the delay. */
async function reported(id: string, verdict: string, from: number, timeoutMs = 15_000) {
  const t0 = Date.now();
  const v = await waitFor(
    `${id} reported ${verdict}`,
    () => verdictsOf(id, from).find((x) => x.verdict === verdict),
    timeoutMs,
  );
  return { v, ms: Date.now() - t0 };
}

before(async () => {
  const base = await freeUdpRange(IDS.length);
  fleet = await startFleet({ cameras: IDS.length, httpPort: 0, basePort: base, log: () => {} });
  const cameras: Camera[] = fleet.cameras().map((c) => ({
    id: c.id,
    clinicId: 'c-01',
    name: c.name,
    nameEn: c.name,
    area: 'cashier',
    source: { kind: 'ingest', main: c.main, sub: c.sub },
  }));
  assert.deepEqual(
    cameras.map((c) => c.id),
    IDS,
  );
  sfu = await Sfu.start(
    defaultSfuConfig({ workerBin: process.env.MEDIASOUP_WORKER_BIN ?? '', numWorkers: 1 }),
    cameras,
  );
  classifier = await NodeClassifier.create();
  sentinel = new Sentinel({ taps: sfu, classifier, cameras: IDS });
  sentinel.on('verdict', (v) => verdicts.push(v));
});

after(async () => {
  sentinel?.close();
  await fleet?.stop();
  sfu?.close();
  await classifier?.release();
});

test('every camera is checked at least every few seconds, and normal cameras stay ok', async () => {
  await waitFor('three checks of every camera', () => IDS.every((id) => cam(id).checks >= 3), 30_000);
  const before = IDS.map((id) => cam(id).checks);
  await sleep(6000);
  for (const [i, id] of IDS.entries()) {
    const c = cam(id);
    assert.ok(c.checks - before[i]! >= 3, `${id}: ${c.checks - before[i]!} checks in 6 s`);
    assert.equal(c.signal, true);
    assert.equal(c.verdict, 'ok');
    assert.equal(c.decoder?.state, 'running');
  }
  assert.deepEqual(verdicts, [], 'no verdict changes on normal cameras');
  assert.equal(sentinel.stats().tickErrors, 0);
});

test('a blanked camera is reported blank and a frozen one frozen within a few seconds; the normal one stays ok', async () => {
  const from = verdicts.length;
  await Promise.all([fleet.setMode(BLANKED, 'blank', 'black'), fleet.setMode(FROZEN, 'frozen')]);
  const [blank, frozen] = await Promise.all([reported(BLANKED, 'blank', from), reported(FROZEN, 'frozen', from)]);
  console.log(`  blank reported after ${blank.ms} ms, frozen after ${frozen.ms} ms`);
  assert.ok(blank.ms < 10_000, `blank after ${blank.ms} ms`);
  assert.ok(frozen.ms < 10_000, `frozen after ${frozen.ms} ms`);
  for (const { v } of [blank, frozen]) {
    // What the server's health board and alarm engine take: the contract's TileVerdict.
    assert.deepEqual(TileVerdict.parse(v), {
      cameraId: v.cameraId,
      verdict: v.verdict,
      confidence: v.confidence,
      onsetAt: v.onsetAt,
      modelVersion: 'tile-health-v1',
      backend: 'node',
    });
    assert.equal(v.source, 'sentinel');
    assert.equal(v.previous, 'ok');
    assert.ok(v.onsetAt <= v.decidedAt && Math.abs(v.decidedAt - Date.now()) < 5000);
  }
  assert.deepEqual(verdictsOf(NORMAL, from), []);

  const back = verdicts.length;
  await Promise.all([fleet.setMode(BLANKED, 'normal'), fleet.setMode(FROZEN, 'normal')]);
  await Promise.all([reported(BLANKED, 'ok', back), reported(FROZEN, 'ok', back)]);
  assert.equal(cam(BLANKED).verdict, 'ok');
  assert.equal(cam(FROZEN).verdict, 'ok');
});

test('an ingest restart (new producer) keeps the camera checked: a blank after it is still reported', async () => {
  const ingest = sfu.ingestStatuses().find((i) => i.cameraId === NORMAL)!;
  const producer = sfu.feed(NORMAL)!.stream('sub')!.producer.id;
  const decoderPid = cam(NORMAL).decoder!.pid;
  process.kill(ingest.streams.sub.pid!, 'SIGKILL');
  await waitFor(
    'a new sub producer',
    () => {
      const p = sfu.feed(NORMAL)!.stream('sub')?.producer.id;
      return p && p !== producer;
    },
    15_000,
  );
  const checks = cam(NORMAL).checks;
  await waitFor('checks on the new producer', () => cam(NORMAL).checks >= checks + 3, 15_000);
  assert.equal(cam(NORMAL).decoder!.pid, decoderPid, 'the decoder followed without a restart');
  const from = verdicts.length;
  await fleet.setMode(NORMAL, 'blank', 'black');
  await reported(NORMAL, 'blank', from);
  await fleet.setMode(NORMAL, 'normal');
  await reported(NORMAL, 'ok', from);
});

test('a cut camera is not called frozen (no frames, no verdict) and is checked again when it returns', async () => {
  const from = verdicts.length;
  await fleet.setMode(BLANKED, 'cut');
  await waitFor('the sentinel sees no signal', () => !cam(BLANKED).signal, 15_000);
  await sleep(1500); // pictures decoded before the cut may still be on their way on a loaded machine
  const checks = cam(BLANKED).checks;
  await sleep(5000);
  assert.equal(cam(BLANKED).checks, checks, 'nothing to check while cut');
  assert.deepEqual(verdictsOf(BLANKED, from), [], 'signal loss is the SFU verdict, not frozen');
  await fleet.setMode(BLANKED, 'normal');
  await waitFor('checks again', () => cam(BLANKED).signal && cam(BLANKED).checks >= checks + 3, 20_000);
  assert.deepEqual(verdictsOf(BLANKED, from), []);
  assert.equal(cam(BLANKED).verdict, 'ok');
});

test('a decoder that crashes is restarted with back-off and the camera is checked again', async () => {
  const before = cam(FROZEN).decoder!;
  process.kill(before.pid!, 'SIGKILL');
  const after = await waitFor(
    'decoder restarted',
    () => {
      const d = cam(FROZEN).decoder!;
      return d.restarts > before.restarts && d.pid && d.pid !== before.pid ? d : null;
    },
    15_000,
  );
  assert.match(after.lastError ?? '', /SIGKILL/);
  const checks = cam(FROZEN).checks;
  await waitFor('checks after the restart', () => cam(FROZEN).checks >= checks + 2, 15_000);
  assert.equal(cam(FROZEN).decoder!.state, 'running');
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { Camera } from '@clinicwall/contract';
import { Sfu, defaultSfuConfig } from '../../src/index.ts';
import { freeUdpPortPair, startTestCamera, waitFor, workerBin } from '../helpers.ts';

let sfu: Sfu;
let camera: ChildProcess | null = null;
let port: number;
const CAM = 'cam-it-1';

before(async () => {
  port = await freeUdpPortPair();
  const cam: Camera = {
    id: CAM,
    clinicId: 'c-01',
    name: '收费处',
    nameEn: 'Cashier',
    area: 'cashier',
    source: { kind: 'ingest', main: `udp://127.0.0.1:${port}`, sub: `udp://127.0.0.1:${port + 1}` },
  };
  sfu = await Sfu.start(
    defaultSfuConfig({ workerBin: workerBin(), numWorkers: 2, noSignalAfterMs: 1500, livenessPollMs: 250 }),
    [cam],
  );
  camera = startTestCamera(port, port + 1);
});

after(() => {
  camera?.kill('SIGKILL');
  sfu?.close();
});

test('a camera feed reaches its producers through the supervised ingest and is reported live', async () => {
  await waitFor('camera live', () => sfu.feed(CAM)!.status.state === 'live', 15_000);
  // Both streams arrive, each on its own producer (an ingest may need one retry while the camera starts).
  const bytes = async (kind: 'main' | 'sub') =>
    (await sfu.feed(CAM)!.stream(kind)?.producer.getStats())?.[0]?.byteCount ?? 0;
  await waitFor('RTP on main and sub', async () => (await bytes('main')) > 0 && (await bytes('sub')) > 0, 15_000);
  const status = sfu.feed(CAM)!.status;
  assert.notEqual(status.streams.main.producerId, status.streams.sub.producerId);
  const stats = await sfu.feed(CAM)!.stream('main')!.producer.getStats();
  assert.equal(stats[0]!.mimeType, 'video/H264');
});

test('a consumer on another router receives the camera RTP (piped across workers)', async () => {
  const source = sfu.feed(CAM)!.stream('sub')!;
  const other = sfu.pool.routers.find((r) => r !== source.router)!;
  assert.ok(other, 'two routers');
  await other.createDirectTransport(); // warm-up: the router is usable
  await source.router.pipeToRouter({ producerId: source.producer.id, router: other });
  const transport = await other.createDirectTransport();
  const consumer = await transport.consume({ producerId: source.producer.id, rtpCapabilities: other.rtpCapabilities });
  let packets = 0;
  consumer.on('rtp', () => packets++);
  await waitFor('RTP packets at the consumer', () => packets > 20, 8000);
  assert.equal(consumer.kind, 'video');
  transport.close();
});

test('an ingest process that crashes is restarted and the camera comes back live on a new producer', async () => {
  const ingest = sfu.ingestStatuses().find((i) => i.cameraId === CAM)!;
  const pid = ingest.streams.main.pid;
  assert.ok(pid, 'ingest pid visible');
  const before = sfu.feed(CAM)!.status.streams.main.producerId;
  process.kill(pid, 'SIGKILL');
  const restarted = await waitFor('ingest restarted', () => {
    const s = sfu.ingestStatuses().find((i) => i.cameraId === CAM)!.streams.main;
    return s.restarts >= 1 && s.pid && s.pid !== pid ? s : null;
  });
  assert.match(restarted.lastError ?? '', /SIGKILL/);
  await waitFor('new main producer', () => {
    const id = sfu.feed(CAM)!.status.streams.main.producerId;
    return id && id !== before;
  });
  await waitFor('live again', () => sfu.feed(CAM)!.status.state === 'live', 10_000);
});

test('a camera that stops sending is "no signal" within 3 s, and live again when it returns', async () => {
  camera!.kill('SIGKILL');
  const cutAt = Date.now();
  await waitFor('no signal', () => sfu.feed(CAM)!.status.state === 'no_signal', 6000);
  const detectMs = Date.now() - cutAt;
  assert.ok(detectMs < 3000, `no signal after ${detectMs} ms`);
  camera = startTestCamera(port, port + 1);
  await waitFor('live after the camera returned', () => sfu.feed(CAM)!.status.state === 'live', 20_000);
});

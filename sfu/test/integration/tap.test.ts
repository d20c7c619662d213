import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Camera } from '@clinicwall/contract';
import { InvalidStateError, Sfu, SfuError, defaultSfuConfig, type Tap, type TapStream } from '../../src/index.ts';
import { udpPortFree } from '../../src/taps/portAllocator.ts';
import { freeUdpPortPair, startTestCamera, waitFor, workerBin } from '../helpers.ts';

let sfu: Sfu;
const cameras: ChildProcess[] = [];
const receivers: ChildProcess[] = [];
const ports: Record<string, number> = {};
const LIVE = 'cam-tap-1';
const LATE = 'cam-tap-2';

function ingestCamera(id: string, port: number): Camera {
  return {
    id,
    clinicId: 'c-01',
    name: '药房',
    nameEn: 'Pharmacy',
    area: 'pharmacy',
    source: { kind: 'ingest', main: `udp://127.0.0.1:${port}`, sub: `udp://127.0.0.1:${port + 1}` },
  };
}

/** ffmpeg reading the tap's SDP on stdin and decoding key frames; `frames()` counts pictures out. */
function receive(tap: Tap): { frames: () => number; proc: ChildProcess } {
  // prettier-ignore
  const proc = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-protocol_whitelist', 'pipe,udp,rtp', '-f', 'sdp',
    '-reorder_queue_size', '0', '-skip_frame', 'nokey', '-i', 'pipe:0',
    '-map', '0:v:0', '-fps_mode', 'passthrough', '-s', '64x36', '-f', 'yuv4mpegpipe', 'pipe:1',
  ], { stdio: ['pipe', 'pipe', 'ignore'] });
  receivers.push(proc);
  proc.stdin!.end(tap.sdp);
  let n = 0;
  proc.stdout!.on('data', (d: Buffer) => {
    for (let i = d.indexOf('FRAME'); i >= 0; i = d.indexOf('FRAME', i + 1)) n++;
  });
  return { frames: () => n, proc };
}

before(async () => {
  ports[LIVE] = await freeUdpPortPair();
  ports[LATE] = await freeUdpPortPair();
  sfu = await Sfu.start(
    defaultSfuConfig({ workerBin: workerBin(), numWorkers: 2, noSignalAfterMs: 1500, livenessPollMs: 250 }),
    [ingestCamera(LIVE, ports[LIVE]!), ingestCamera(LATE, ports[LATE]!)],
  );
  cameras.push(startTestCamera(ports[LIVE]!, ports[LIVE]! + 1));
});

after(() => {
  for (const p of [...cameras, ...receivers]) p.kill('SIGKILL');
  sfu?.close();
});

test('a tap gives ffmpeg the camera through its SDP and follows the camera onto a new producer', async () => {
  await waitFor('camera live', () => sfu.feed(LIVE)!.status.state === 'live', 15_000);
  const tap = await sfu.openTap(LIVE, 'sub');
  const feedProducer = () => sfu.feed(LIVE)!.stream('sub')?.producer.id;
  assert.equal(tap.current?.producerId, feedProducer());
  assert.match(tap.sdp!, new RegExp(`^m=video ${tap.port} RTP/AVP \\d+$`, 'm'));
  assert.match(tap.sdp!, /^a=rtpmap:\d+ H264\/90000$/m);
  assert.match(tap.sdp!, /packetization-mode=1/);
  const rx = receive(tap);
  await waitFor('pictures decoded from the tap', () => rx.frames() >= 2, 15_000);

  const events: (TapStream | null)[] = [];
  tap.on('stream', (s) => events.push(s));
  const before = tap.current!.producerId;
  const sdpBefore = tap.sdp;
  const pid = sfu.ingestStatuses().find((i) => i.cameraId === LIVE)!.streams.sub.pid!;
  process.kill(pid, 'SIGKILL');
  await waitFor('tap on the new producer', () => tap.current && tap.current.producerId !== before, 15_000);
  assert.equal(tap.current!.producerId, feedProducer());
  assert.equal(tap.sdp, sdpBefore, 'same codec, same SDP');
  assert.equal(events.at(-1)!.sdpChanged, false);
  const framesAtSwitch = rx.frames();
  await waitFor('pictures from the new producer, same receiver', () => rx.frames() >= framesAtSwitch + 2, 15_000);
  assert.equal(rx.proc.exitCode, null, 'the receiver did not need a restart');
  tap.close();
});

test('a tap of a camera that sends nothing yet waits, and delivers once the camera sends', async () => {
  // The ingest of a silent camera keeps retrying (a producer that gets no RTP, then back-off):
  // the tap follows those producers and its receiver simply gets nothing yet.
  const tap = await sfu.openTap(LATE);
  assert.equal(tap.stream, 'sub');
  await waitFor('the SDP of the first ingest attempt', () => tap.sdp, 15_000);
  const rx = receive(tap);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(rx.frames(), 0, 'no pictures from a silent camera');
  cameras.push(startTestCamera(ports[LATE]!, ports[LATE]! + 1));
  await waitFor('pictures decoded once the camera sends', () => rx.frames() >= 1, 20_000);
  assert.equal(tap.current?.producerId, sfu.feed(LATE)!.stream('sub')?.producer.id);
  tap.close();
});

test('closing: idempotent, gives the port pair back, follows camera removal and SFU close', async () => {
  const tap = await sfu.openTap(LIVE, 'main');
  let closes = 0;
  tap.on('close', () => closes++);
  tap.close();
  tap.close();
  assert.equal(closes, 1);
  assert.equal(tap.closed, true);
  await assert.rejects(tap.requestKeyFrame(), InvalidStateError);
  assert.ok((await udpPortFree(sfu.config.tapIp, tap.port)) && (await udpPortFree(sfu.config.tapIp, tap.port + 1)));

  const other = await sfu.openTap(LATE);
  sfu.removeCamera(LATE);
  assert.equal(other.closed, true, 'removing the camera closes its taps');

  await assert.rejects(sfu.openTap('cam-nope'), (e: unknown) => e instanceof SfuError && e.code === 'not_found');
  await assert.rejects(sfu.openTap(LIVE, 'hd' as 'main'), TypeError);
  const last = await sfu.openTap(LIVE);
  sfu.close();
  assert.equal(last.closed, true, 'closing the SFU closes its taps');
  await assert.rejects(sfu.openTap(LIVE), InvalidStateError);
});

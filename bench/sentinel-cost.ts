/**
 * CPU cost of the server-side tile-health sentinel per camera, at 16, 64 and 100 cameras.
 *   flock /tmp/clinicwall-stack.lock node --import tsx bench/sentinel-cost.ts [--cameras 16,64,100] [--seconds 20]
 * Cameras: one ffmpeg loops a 320x180 H.264 clip (the simulator's substream format: 15 fps, 1 s GOP,
 * 150 kbit/s) to C PlainTransport producers, attached to C SFU cameras as their streams (the camera
 * side costs almost nothing and is not counted). The sentinel then taps every camera, runs one
 * key-frame decoder (ffmpeg) per camera and classifies all cameras' frames in one onnxruntime-node
 * call per tick. Counted: the decoders, this Node process's extra work (y4m parsing, preprocessing,
 * frozen check, inference: CPU with the sentinel minus before it, which is the SFU's liveness
 * polling) and the mediasoup workers' extra work for the tap consumers (likewise).
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Camera } from '@clinicwall/contract';
import { Sfu, defaultSfuConfig } from '@clinicwall/sfu';
import { NodeClassifier } from '../models/src/classifier-node.ts';
import { Sentinel, type SentinelTick } from '../server/src/sentinel/sentinel.ts';
import { ingestRtpParameters } from '../sfu/src/codecs.ts';
import { cpuDelta, cpuTimes, ensureClip, percentile, rtpFanout, sleep } from './lib.ts';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '16,64,100' },
    seconds: { type: 'string', default: '20' },
  },
});
const SIZES = values.cameras!.split(',').map(Number);
const SECONDS = Number(values.seconds);
const clip = ensureClip('sub-320x180', '320x180', '150k');
const classifier = await NodeClassifier.create();
const load = () =>
  execSync('uptime')
    .toString()
    .trim()
    .replace(/^.*load/, 'load');

function pssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

async function run(C: number): Promise<void> {
  const ids = Array.from({ length: C }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
  const cameras: Camera[] = ids.map((id) => ({
    id,
    clinicId: 'c-bench',
    name: id,
    nameEn: id,
    area: 'cashier',
    source: { kind: 'webrtc' },
  }));
  const sfu = await Sfu.start(defaultSfuConfig({ numWorkers: cpus().length }), cameras);
  const targets = [];
  for (const [i, id] of ids.entries()) {
    const router = sfu.pool.routerForKey(id);
    const t = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: true,
    });
    const ssrc = 5000 + i;
    const producer = await t.produce({ kind: 'video', rtpParameters: ingestRtpParameters(ssrc) });
    sfu.feed(id)!.setStream('sub', { producer, router, spatialLayer: null });
    targets.push({ ip: '127.0.0.1', port: t.tuple.localPort, rtcpPort: t.rtcpTuple!.localPort, ssrc });
  }
  const feeder = rtpFanout(clip, targets);
  await sleep(3000);
  const workerPids = (await sfu.pool.usage()).map((u) => u.pid);

  // The relay alone, before the sentinel: what the workers spend without taps.
  const base0 = { t: Date.now(), w: cpuTimes(workerPids), node: process.cpuUsage() };
  await sleep(5000);
  const baseWall = (Date.now() - base0.t) / 1000;
  const workerBase = cpuDelta(base0.w, cpuTimes(workerPids)) / baseWall;
  const nodeBaseUsage = process.cpuUsage(base0.node);
  const nodeBase = (nodeBaseUsage.user + nodeBaseUsage.system) / 1e6 / baseWall;

  const startedAt = Date.now();
  const sentinel = new Sentinel({ taps: sfu, classifier, cameras: ids });
  const ticks: SentinelTick[] = [];
  sentinel.on('tick', (t) => ticks.push(t));
  const unhealthy = new Set<string>();
  sentinel.on('verdict', (v) => (v.verdict === 'ok' ? unhealthy.delete(v.cameraId) : unhealthy.add(v.cameraId)));
  const allChecked = async () => {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !sentinel.cameras().every((c) => c.checks >= 2)) await sleep(250);
    return Date.now() - startedAt;
  };
  const readyMs = await allChecked();
  await sleep(2000);

  const decodedFrames = () => sentinel.cameras().reduce((n, c) => n + (c.decoder?.frames ?? 0), 0);
  const decoderPids = () => sentinel.cameras().flatMap((c) => (c.decoder?.pid ? [c.decoder.pid] : []));
  const pids0 = decoderPids();
  const b = {
    t: Date.now(),
    dec: cpuTimes(pids0),
    w: cpuTimes(workerPids),
    node: process.cpuUsage(),
    checks: sentinel.stats().checks,
    frames: decodedFrames(),
    infer: sentinel.stats().inferMs,
    ticks: ticks.length,
  };
  await sleep(SECONDS * 1000);
  const wall = (Date.now() - b.t) / 1000;
  const dec = cpuDelta(b.dec, cpuTimes(pids0)) / wall;
  const worker = cpuDelta(b.w, cpuTimes(workerPids)) / wall;
  const nu = process.cpuUsage(b.node);
  const nodeAll = (nu.user + nu.system) / 1e6 / wall;
  const node = Math.max(0, nodeAll - nodeBase);
  const stats = sentinel.stats();
  const checks = stats.checks - b.checks;
  const frames = decodedFrames() - b.frames;
  const window = ticks.slice(b.ticks);
  // Longest gap between two checks of one camera inside the window.
  const last = new Map<string, number>();
  let maxGap = 0;
  for (const t of window)
    for (const c of t.checks) {
      const prev = last.get(c.cameraId);
      if (prev !== undefined) maxGap = Math.max(maxGap, c.at - prev);
      last.set(c.cameraId, c.at);
    }
  const missed = ids.filter((id) => !last.has(id)).length;
  const inferPerTick = window.map((t) => t.inferMs);
  const taps = Math.max(0, worker - workerBase);
  const total = dec + node + taps;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const per = (x: number) => `${((x * 100) / C).toFixed(2)} %`;
  const pss = pssMb(decoderPids());

  console.log(
    `Sentinel, ${C} cameras (${cpus().length} cores, ${sfu.pool.size} workers), ${wall.toFixed(0)} s window, ${load()}`,
  );
  console.log(
    `  all cameras checked twice ${(readyMs / 1000).toFixed(1)} s after start (decoder starts spread at 10/s)`,
  );
  console.log(
    `  key frames decoded: ${(frames / wall / C).toFixed(2)} per camera per second; checks (frames classified): ${(checks / wall / C).toFixed(2)} per camera per second; longest gap between two checks of a camera ${(maxGap / 1000).toFixed(1)} s; cameras not checked in the window: ${missed}`,
  );
  console.log(
    `  inference: one call per tick, ${(window.reduce((n, t) => n + t.checks.length, 0) / Math.max(1, window.length)).toFixed(0)} frames per call, ${percentile(inferPerTick, 50).toFixed(0)} ms median / ${percentile(inferPerTick, 100).toFixed(0)} ms max per call`,
  );
  console.log(`  CPU, % of one core (total / per camera):`);
  console.log(
    `    decoders (${pids0.length} ffmpeg, key frames only): ${pct(dec)} / ${per(dec)}  [${pss.toFixed(0)} MB PSS]`,
  );
  console.log(
    `    Node (y4m, preprocessing, frozen check, inference; ${pct(nodeAll)} with the sentinel - ${pct(nodeBase)} without): ${pct(node)} / ${per(node)}`,
  );
  console.log(
    `    mediasoup workers, tap consumers (${pct(worker)} with taps - ${pct(workerBase)} without): ${pct(taps)} / ${per(taps)}`,
  );
  console.log(`    sentinel total: ${pct(total)} / ${per(total)}`);
  console.log(
    `  unhealthy verdicts standing at the end (bench clip is a test pattern): ${unhealthy.size}; tick errors: ${stats.tickErrors}`,
  );

  sentinel.close();
  feeder.kill('SIGKILL');
  sfu.close();
  await sleep(2500); // decoders get SIGTERM, then SIGKILL after 2 s
}

for (const C of SIZES) await run(C);
await classifier.release();
process.exit(0);

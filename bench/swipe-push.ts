/**
 * Swipe webhook → wall latency and delivery under load: posts signed swipes at a fixed rate to a
 * server process backed by its own redis-server (infra/redis/redis.conf: AOF, appendfsync always; a
 * free port and a temp dir, so no lock is needed: nothing here uses the fixture ports), while
 * socket.io clients ("walls", in a child process: bench/swipe-walls.ts) subscribed to every camera
 * receive them; restarts the server once at half time (SIGTERM, then a new process; the server runs
 * as deployed: the bundle of server/build.ts, started by server/bin/serve.mjs). The walls resume
 * after a reconnect with their last id per camera, as the web app does. The poster is an
 * open loop (node:http, keep-alive, at most 256 requests in flight, the rest wait in a backlog; each
 * request is retried until acknowledged, through the restart). Prints latency (POST of the attempt
 * that got through → 'swipes' received, both stamped with this machine's clock, live deliveries
 * only) p50/p95/p99, overall and without the swipes posted from the restart to 10 s after it, the
 * POST round trip, the counts sent / acknowledged / delivered / lost / duplicated, CPU per process,
 * the poster's and walls' event-loop delay and the load average. Exits 1 when a swipe acknowledged
 * was lost or duplicated. Target: p99 < 100 ms at 500 swipes/s for 60 s, nothing lost or duplicated.
 *   node --import tsx bench/swipe-push.ts [--seconds 60] [--rate 500] [--clients 20] [--cameras 16]
 *     [--batch 1] [--no-restart] [--cpu-prof]   (--cpu-prof: the server writes a .cpuprofile to var/bench)
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { RegistrySnapshot, SwipeIngestResponse } from '@clinicwall/contract';
import { buildServer } from '../server/build.ts';
import { postSignedKeepAlive } from '../server/test/integration/helpers/swipeStack.ts';
import { authEnv } from '../server/test/integration/helpers/auth.ts';
import { freePort, RedisServer } from '../server/test/integration/helpers/redisServer.ts';
import { sampleSwipe } from '../infra/swipes/sample.ts';
import { cpuDelta, cpuTimes, epochMs, loadAverage, OUT, percentile, ROOT } from './lib.ts';
import type { WallsReport, WallsRequest, WallsResult } from './swipe-walls.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '500' },
    clients: { type: 'string', default: '20' },
    cameras: { type: 'string', default: '16' },
    batch: { type: 'string', default: '1' },
    'no-restart': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  const { readFileSync } = await import('node:fs');
  const src = readFileSync(new URL(import.meta.url), 'utf8');
  console.log(src.slice(0, src.indexOf('*/') + 2));
  process.exit(0);
}
const RESTART = !values['no-restart'];
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const CLIENTS = Number(values.clients);
const CAMERAS = Number(values.cameras);
const BATCH = Number(values.batch);
if (![SECONDS, RATE, CLIENTS, CAMERAS, BATCH].every((n) => Number.isInteger(n) && n > 0) || SECONDS > 600)
  throw new Error('--seconds (≤ 600), --rate, --clients, --cameras and --batch are positive integers');

const INTEGRATION = 'bench-his';
const SECRET = 'bench-secret-0123456789-abcdefghijklmnop';

/** One clinic per 4 cameras, one billing terminal per camera (WebRTC cameras: nothing to ingest). */
function benchRegistry(): RegistrySnapshot {
  const snap: RegistrySnapshot = {
    regions: [{ id: 'r-1', name: '东城区', nameEn: 'Dongcheng' }],
    clinics: [],
    cameras: [],
    terminals: [],
  };
  for (let i = 1; i <= CAMERAS; i++) {
    const clinicId = `c-${Math.ceil(i / 4)}`;
    if (!snap.clinics.some((c) => c.id === clinicId))
      snap.clinics.push({
        id: clinicId,
        code: `H${clinicId.slice(2).padStart(4, '0')}`,
        regionId: 'r-1',
        name: `诊所 ${clinicId}`,
        nameEn: clinicId,
        level: 'clinic',
      });
    snap.cameras.push({
      id: `cam-${i}`,
      clinicId,
      name: '收费处',
      nameEn: 'Cashier',
      area: 'cashier',
      source: { kind: 'webrtc' },
    });
    snap.terminals.push({ id: `t-${i}`, clinicId, cameraId: `cam-${i}`, name: `收费处终端 ${i}` });
  }
  return snap;
}

mkdirSync(OUT, { recursive: true });
const fixture = `${OUT}/swipe-registry.json`;
const registry = benchRegistry();
writeFileSync(fixture, JSON.stringify(registry));

const redis = await RedisServer.start();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const serverLog = openSync(`${OUT}/swipe-push-server.log`, 'w');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...authEnv(),
  PORT: String(port),
  REDIS_URL: redis.url,
  DEMO_CAMERAS: '0',
  SFU_WORKERS: '1',
  WEB_BUILD_DIR: '',
  REGISTRY_FIXTURE: fixture,
  SWIPE_INTEGRATIONS: `${INTEGRATION}:${SECRET}`,
  CARD_HASH_KEY: 'bench-card-hash-key-0123456789-abcdef',
  SWIPE_RATE_PER_S: String(Math.max(1000, RATE * 2)),
  SWIPE_RATE_BURST: String(Math.max(5000, RATE * 10)),
};

async function startServerProcess(): Promise<ChildProcess> {
  const prof = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${OUT}`] : [];
  const proc = spawn(process.execPath, [...prof, `${ROOT}server/bin/serve.mjs`], {
    env,
    stdio: ['ignore', serverLog, serverLog],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}); see ${OUT}/swipe-push-server.log`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return proc;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopServerProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

// ---- walls: a child process ----
const wallsProc = fork(`${ROOT}bench/swipe-walls.ts`, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const fromWalls = <T extends WallsReport['type']>(type: T) =>
  new Promise<Extract<WallsReport, { type: T }>>((resolve, reject) => {
    const onMessage = (m: WallsReport) => {
      if (m.type !== type) return;
      wallsProc.off('message', onMessage);
      resolve(m as Extract<WallsReport, { type: T }>);
    };
    wallsProc.on('message', onMessage);
    wallsProc.once('exit', (code) => reject(new Error(`the walls process exited (${code})`)));
  });
const toWalls = (m: WallsRequest) => wallsProc.send(m);
/** swipeId → epochMs() of the POST attempt that got through (the first one until then). */
const sentAt = new Map<string, number>();

// ---- poster: open loop at RATE swipes/s, each batch re-sent until acknowledged ----
/** swipeId → event id and when the answer came (ms since the start). */
const acked = new Map<string, { id: string; at: number }>();
let sent = 0;
let requests = 0;
let retries = 0;
let inFlight = 0;
type Swipe = ReturnType<typeof sampleSwipe>;
/** Requests due but waiting for one of the MAX_IN_FLIGHT slots (while the server is down, say). */
const backlog: Swipe[][] = [];
let maxBacklog = 0;
/** POST round trips of the attempts that were acknowledged (ms). */
const postRoundTrip: number[] = [];
const MAX_IN_FLIGHT = 256;
const rnd = Math.random;
/** node:http with keep-alive: much lighter than fetch, so the poster disturbs the figures less. */
const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
const posterLag = monitorEventLoopDelay({ resolution: 10 });

const post = (raw: string) => postSignedKeepAlive(url, agent, raw, INTEGRATION, SECRET);

async function postUntilAcked(swipes: Swipe[], giveUpAt: number): Promise<void> {
  const raw = JSON.stringify(BATCH === 1 ? swipes[0] : { swipes });
  for (;;) {
    requests++;
    // Latency counts from the attempt that got through (time without a server is not push latency).
    const t = performance.now();
    const sentEpoch = epochMs();
    for (const s of swipes) sentAt.set(s.swipeId, sentEpoch);
    try {
      const res = await post(raw);
      if (res.status === 200 || res.status === 201) {
        postRoundTrip.push(performance.now() - t);
        for (const r of (JSON.parse(res.body) as SwipeIngestResponse).results)
          acked.set(r.swipeId, { id: r.id, at: Math.round(performance.now() - start) });
        return;
      }
    } catch {
      // server restarting
    }
    if (performance.now() > giveUpAt) return;
    retries++;
    await new Promise((r) => setTimeout(r, 100));
  }
}

await buildServer();
let server = await startServerProcess();
// Whatever happens (an error, Ctrl-C), the server, walls and Redis started here go with this process.
process.on('exit', () => {
  server.kill('SIGKILL');
  wallsProc.kill('SIGKILL');
  redis.killNow();
});
process.on('SIGINT', () => process.exit(130));
const ready = fromWalls('ready');
toWalls({ type: 'open', url, clients: CLIENTS, cameraIds: registry.cameras.map((c) => c.id) });
const { subscribed } = await ready;
console.log(
  `[bench] ${subscribed} of ${CLIENTS} walls subscribed to ${CAMERAS} cameras; posting ${RATE} swipes/s for ${SECONDS} s (batch ${BATCH})${RESTART ? ', restarting the server at half time' : ''}; load ${loadAverage(2)}`,
);
const total = RATE * SECONDS;
const pidsOf = () => [server.pid!, redis.pid!, wallsProc.pid!];
const cpuBefore = cpuTimes(pidsOf());
const selfBefore = process.cpuUsage();
const start = performance.now();
const endAt = start + SECONDS * 1000;
const pending: Promise<void>[] = [];
let restartDone: Promise<void> | null = null;
/** Swipes posted from the restart until AFTER_RESTART_MS after the new server answered (epoch ms). */
const restartWindow = { from: 0, to: 0 };
const AFTER_RESTART_MS = 10_000;
/** CPU seconds the servers used while serving (a new one counted from when it answers, not its start-up). */
let serverCpuS = 0;
let serverSince = cpuBefore.get(server.pid!) ?? 0;
const serverCpuNow = () => cpuTimes([server.pid!]).get(server.pid!) ?? serverSince;
let downMs = 0;
let restartAtMs = 0;
let n = 0;
posterLag.enable();
while (n < total || backlog.length > 0) {
  const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
  while (n < due) {
    const swipes = Array.from({ length: Math.min(BATCH, due - n) }, () => {
      const cam = 1 + (n++ % CAMERAS);
      return sampleSwipe(rnd, {
        terminalId: `t-${cam}`,
        clinicCode: registry.clinics.find((c) => c.id === `c-${Math.ceil(cam / 4)}`)!.code,
      });
    });
    sent += swipes.length;
    backlog.push(swipes);
  }
  maxBacklog = Math.max(maxBacklog, backlog.length);
  while (inFlight < MAX_IN_FLIGHT && backlog.length > 0) {
    inFlight++;
    pending.push(postUntilAcked(backlog.shift()!, endAt + 30_000).finally(() => inFlight--));
  }
  if (RESTART && !restartDone && performance.now() - start > (SECONDS * 1000) / 2) {
    restartDone = (async () => {
      const t = performance.now();
      restartAtMs = t - start;
      serverCpuS += serverCpuNow() - serverSince;
      restartWindow.from = epochMs();
      await stopServerProcess(server);
      const stoppedMs = performance.now() - t;
      server = await startServerProcess();
      serverSince = serverCpuNow();
      restartWindow.to = epochMs() + AFTER_RESTART_MS;
      downMs = performance.now() - t;
      console.log(
        `[bench] server restarted (${downMs.toFixed(0)} ms without a server: stopping ${stoppedMs.toFixed(0)} ms, starting ${(downMs - stoppedMs).toFixed(0)} ms)`,
      );
    })();
  }
  await new Promise((r) => setTimeout(r, 5));
}
await Promise.all(pending);
await restartDone;
const elapsedS = (performance.now() - start) / 1000;
const cpuAfter = cpuTimes(pidsOf());
serverCpuS += serverCpuNow() - serverSince;
const selfCpu = process.cpuUsage(selfBefore);
const cpuShare = (pid: number) =>
  cpuDelta(new Map([[pid, cpuBefore.get(pid) ?? 0]]), new Map([[pid, cpuAfter.get(pid) ?? 0]])) / elapsedS;
const cpu = {
  server: +(serverCpuS / elapsedS).toFixed(2),
  redis: +cpuShare(redis.pid!).toFixed(2),
  walls: +cpuShare(wallsProc.pid!).toFixed(2),
  poster: +((selfCpu.user + selfCpu.system) / 1e6 / elapsedS).toFixed(2),
};
const result = fromWalls('result');
toWalls({
  type: 'finish',
  acked: [...acked].map(([swipeId, a]) => [swipeId, a.id, a.at]),
  sentAt: [...sentAt],
  settleMs: 30_000,
  restartWindow,
});
const walls: WallsResult = (await result).result;
const roundTrip = (p: number) => +percentile(postRoundTrip, p).toFixed(1);
const figures = {
  at: new Date().toISOString(),
  load: loadAverage(2),
  seconds: SECONDS,
  rate: RATE,
  batch: BATCH,
  clients: CLIENTS,
  cameras: CAMERAS,
  restart: RESTART,
  serverDownMs: Math.round(downMs),
  restartAtMs: Math.round(restartAtMs),
  sent,
  mostRequestsWaiting: maxBacklog,
  requests,
  retries,
  acknowledged: acked.size,
  ...walls,
  postRoundTripMs: { p50: roundTrip(50), p95: roundTrip(95), p99: roundTrip(99) },
  cpuCoresUsed: cpu,
  posterLoopDelayP99Ms: +(posterLag.percentile(99) / 1e6).toFixed(1),
};
const { latencyMs: lat, steadyLatencyMs: steady } = walls;
writeFileSync(`${OUT}/swipe-push.json`, JSON.stringify(figures, null, 2));
console.log(`
swipe push: ${RATE}/s for ${SECONDS} s, batch ${BATCH}, ${CLIENTS} walls × ${CAMERAS} cameras${RESTART ? `, server restarted once (${figures.serverDownMs} ms down)` : ''}
  sent ${sent}${maxBacklog ? ` (at most ${maxBacklog} requests waiting for one of ${MAX_IN_FLIGHT} in flight)` : ''}, acknowledged ${acked.size}, requests ${requests} (retries ${retries})
  delivered ${walls.delivered} of ${walls.expectedDeliveries} (${walls.resumedDeliveries} via resume), lost ${walls.lost}, duplicated ${walls.duplicated}, delivered but not acknowledged ${walls.deliveredButNotAcknowledged}
  POST → 'swipes' latency (live): p50 ${lat.p50} ms, p95 ${lat.p95} ms, p99 ${lat.p99} ms, max ${lat.max} ms (${lat.samples} samples)${
    RESTART
      ? `
    without the swipes posted from the restart to ${AFTER_RESTART_MS / 1000} s after it: p50 ${steady.p50} ms, p95 ${steady.p95} ms, p99 ${steady.p99} ms, max ${steady.max} ms (${steady.samples})`
      : ''
  }
${RESTART ? `  p99 by second of posting, from the restart (0): ${walls.aroundRestart.map((b) => `${b.s}: ${b.p99}`).join(', ')} ms\n` : ''}  POST round trip (acknowledged): p50 ${roundTrip(50)} ms, p95 ${roundTrip(95)} ms, p99 ${roundTrip(99)} ms
  CPU (cores): server ${cpu.server}${RESTART ? ' (both, start-up excluded)' : ''}, redis ${cpu.redis}, walls ${cpu.walls}, poster ${cpu.poster}; event-loop delay p99: poster ${figures.posterLoopDelayP99Ms} ms, walls ${walls.loopDelayP99Ms} ms
  load average ${figures.load}; figures in ${OUT}/swipe-push.json`);

await stopServerProcess(server);
await redis.stop();
process.exit(walls.lost > 0 || walls.duplicated > 0 ? 1 : 0);

/**
 * Swipe webhook → wall latency and delivery under load: posts signed swipes at a fixed rate to a
 * server process backed by a real Redis (AOF, appendfsync always), while socket.io clients ("walls")
 * subscribed to every camera receive them; optionally restarts the server once in the middle. The
 * walls resume after a reconnect with their last id per camera, as the web app does. Prints latency
 * (POST sent → 'swipe' received) p50/p95/p99 and the counts sent / acknowledged / delivered / lost /
 * duplicated. Target: p99 < 100 ms at 500 swipes/s for 60 s, nothing acknowledged lost or duplicated.
 *   flock /tmp/clinicwall-stack.lock node --import tsx bench/swipe-push.ts \
 *     [--seconds 60] [--rate 500] [--clients 20] [--cameras 16] [--batch 1] [--restart]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import {
  compareEventIds,
  type ClientToServerEvents,
  type RegistrySnapshot,
  type ServerToClientEvents,
  type SwipeIngestResponse,
  type SwipeRecord,
} from '@clinicwall/contract';
import { swipeRequestHeaders } from '../server/src/adapters/http/swipeSignature.ts';
import { authEnv, cookieFor } from '../server/test/integration/helpers/auth.ts';
import { freePort, RedisServer } from '../server/test/integration/helpers/redisServer.ts';
import { sampleSwipe } from '../infra/swipes/sample.ts';
import { cpuDelta, cpuTimes, OUT, percentile, ROOT } from './lib.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '500' },
    clients: { type: 'string', default: '20' },
    cameras: { type: 'string', default: '16' },
    batch: { type: 'string', default: '1' },
    restart: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const CLIENTS = Number(values.clients);
const CAMERAS = Number(values.cameras);
const BATCH = Number(values.batch);
if (![SECONDS, RATE, CLIENTS, CAMERAS, BATCH].every((n) => Number.isInteger(n) && n > 0) || SECONDS > 600)
  throw new Error('--seconds (≤ 600), --rate, --clients, --cameras and --batch are positive integers');

const INTEGRATION = 'bench-his';
const SECRET = 'bench-secret-0123456789-abcdefghijklmnop';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

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
  const proc = spawn(process.execPath, ['--import', 'tsx', `${ROOT}server/src/main.ts`], {
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
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServerProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

// ---- walls ----
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Wall {
  socket: Client;
  last: Map<string, string>;
  /** swipeId → times received (live or resumed). */
  received: Map<string, number>;
  subscribed: number;
}
const sentAt = new Map<string, number>(); // swipeId → performance.now() of its first POST
const liveLatency: number[] = [];
let resumed = 0;

/** A camera's resume point moves forward only. */
function advance(w: Wall, cam: string, id: string): void {
  const last = w.last.get(cam);
  if (!last || compareEventIds(id, last) > 0) w.last.set(cam, id);
}

function onRecord(w: Wall, r: SwipeRecord, live: boolean): void {
  advance(w, r.cameraIds[0]!, r.id);
  w.received.set(r.swipeId, (w.received.get(r.swipeId) ?? 0) + 1);
  const t0 = sentAt.get(r.swipeId);
  if (live && t0 !== undefined) liveLatency.push(performance.now() - t0);
  if (!live) resumed++;
}

async function openWall(): Promise<Wall> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    extraHeaders: { cookie: await cookieFor(url, 'operator') },
  });
  const w: Wall = { socket, last: new Map(), received: new Map(), subscribed: 0 };
  socket.on('swipe', (r) => onRecord(w, r, true));
  socket.on('connect', () => {
    const cameras = registry.cameras.map((c) => ({ cameraId: c.id, lastId: w.last.get(c.id) ?? null }));
    socket.emit('swipes:subscribe', { cameras }, (res) => {
      if (!res.ok) return console.error(`[bench] subscribe refused: ${res.error.message}`);
      for (const r of res.data.missed) onRecord(w, r, false);
      for (const [cam, cursor] of Object.entries(res.data.cursors)) advance(w, cam, cursor);
      w.subscribed++;
    });
  });
  return w;
}

// ---- poster: open loop at RATE swipes/s, each batch re-sent until acknowledged ----
/** swipeId → event id and when the answer came (ms since the start). */
const acked = new Map<string, { id: string; at: number }>();
let sent = 0;
let requests = 0;
let retries = 0;
let inFlight = 0;
let behind = 0;
/** POST round trips of the attempts that were acknowledged (ms). */
const postRoundTrip: number[] = [];
const MAX_IN_FLIGHT = 256;
const rnd = Math.random;

async function postUntilAcked(body: { swipes: ReturnType<typeof sampleSwipe>[] }, giveUpAt: number): Promise<void> {
  const raw = JSON.stringify(BATCH === 1 ? body.swipes[0] : body);
  for (;;) {
    requests++;
    // Latency counts from the attempt that got through (time without a server is not push latency).
    const t = performance.now();
    for (const s of body.swipes) sentAt.set(s.swipeId, t);
    try {
      const res = await fetch(`${url}/api/v1/swipes`, {
        method: 'POST',
        headers: swipeRequestHeaders(INTEGRATION, SECRET, raw),
        body: raw,
      });
      if (res.status === 200 || res.status === 201) {
        postRoundTrip.push(performance.now() - t);
        for (const r of ((await res.json()) as SwipeIngestResponse).results)
          acked.set(r.swipeId, { id: r.id, at: Math.round(performance.now() - start) });
        return;
      }
      await res.arrayBuffer();
    } catch {
      // server restarting
    }
    if (performance.now() > giveUpAt) return;
    retries++;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let server = await startServerProcess();
// Whatever happens (an error, Ctrl-C), the server and Redis started here go with this process.
process.on('exit', () => {
  server.kill('SIGKILL');
  redis.killNow();
});
process.on('SIGINT', () => process.exit(130));
const walls = await Promise.all(Array.from({ length: CLIENTS }, () => openWall()));
const ready = performance.now() + 10_000;
while (walls.some((w) => w.subscribed === 0) && performance.now() < ready) await new Promise((r) => setTimeout(r, 50));
console.log(
  `[bench] ${CLIENTS} walls subscribed to ${CAMERAS} cameras; posting ${RATE} swipes/s for ${SECONDS} s (batch ${BATCH})${values.restart ? ', restarting the server at half time' : ''}; load ${load()}`,
);

const total = RATE * SECONDS;
const pidsOf = () => [server.pid!, redis.pid!];
const cpuBefore = cpuTimes(pidsOf());
const selfBefore = process.cpuUsage();
const start = performance.now();
const endAt = start + SECONDS * 1000;
const pending: Promise<void>[] = [];
let restartDone: Promise<void> | null = null;
let downMs = 0;
let restartAtMs = 0;
let n = 0;
while (n < total) {
  const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
  while (n < due) {
    if (inFlight >= MAX_IN_FLIGHT) {
      behind += due - n;
      n = due;
      break;
    }
    const swipes = Array.from({ length: Math.min(BATCH, due - n) }, () => {
      const cam = 1 + (n++ % CAMERAS);
      return sampleSwipe(rnd, {
        terminalId: `t-${cam}`,
        clinicCode: registry.clinics.find((c) => c.id === `c-${Math.ceil(cam / 4)}`)!.code,
      });
    });
    const t = performance.now();
    for (const s of swipes) sentAt.set(s.swipeId, t);
    sent += swipes.length;
    inFlight++;
    pending.push(postUntilAcked({ swipes }, endAt + 30_000).finally(() => inFlight--));
  }
  if (values.restart && !restartDone && performance.now() - start > (SECONDS * 1000) / 2) {
    restartDone = (async () => {
      const t = performance.now();
      restartAtMs = t - start;
      await stopServerProcess(server);
      server = await startServerProcess();
      downMs = performance.now() - t;
      console.log(`[bench] server restarted (${downMs.toFixed(0)} ms without a server)`);
    })();
  }
  await new Promise((r) => setTimeout(r, 5));
}
await Promise.all(pending);
await restartDone;
const elapsedS = (performance.now() - start) / 1000;
const cpuAfter = cpuTimes(pidsOf());
const selfCpu = process.cpuUsage(selfBefore);
const cpuShare = (pid: number) =>
  cpuDelta(new Map([[pid, cpuBefore.get(pid) ?? 0]]), new Map([[pid, cpuAfter.get(pid) ?? 0]])) / elapsedS;
const cpu = {
  server: +cpuShare(server.pid!).toFixed(2),
  redis: +cpuShare(redis.pid!).toFixed(2),
  benchClients: +((selfCpu.user + selfCpu.system) / 1e6 / elapsedS).toFixed(2),
};
// Let the last pushes arrive.
const settle = performance.now() + 30_000;
while (performance.now() < settle && walls.some((w) => [...acked.keys()].some((id) => !w.received.has(id))))
  await new Promise((r) => setTimeout(r, 100));

let lost = 0;
const lostByWall: unknown[] = [];
let duplicated = 0;
let delivered = 0;
let extra = 0;
for (const w of walls) {
  const missing = [...acked].filter(([id]) => !w.received.has(id));
  lost += missing.length;
  if (missing.length)
    lostByWall.push({
      wall: walls.indexOf(w),
      lost: missing.length,
      subscriptions: w.subscribed,
      connected: w.socket.connected,
      first: missing.slice(0, 3).map(([swipeId, a]) => ({ swipeId, ...a })),
    });
  for (const [id, times] of w.received) {
    delivered++;
    if (times > 1) duplicated += times - 1;
    if (!acked.has(id)) extra++;
  }
}
const figures = {
  at: new Date().toISOString(),
  load: load(),
  seconds: SECONDS,
  rate: RATE,
  batch: BATCH,
  clients: CLIENTS,
  cameras: CAMERAS,
  restart: values.restart,
  serverDownMs: Math.round(downMs),
  sent,
  skippedBehind: behind,
  requests,
  retries,
  acknowledged: acked.size,
  expectedDeliveries: acked.size * CLIENTS,
  delivered,
  resumedDeliveries: resumed,
  lost,
  duplicated,
  deliveredButNotAcknowledged: extra,
  restartAtMs: Math.round(restartAtMs),
  lostByWall,
  cpuCoresUsed: cpu,
  latencyMs: {
    samples: liveLatency.length,
    p50: +percentile(liveLatency, 50).toFixed(1),
    p95: +percentile(liveLatency, 95).toFixed(1),
    p99: +percentile(liveLatency, 99).toFixed(1),
    max: +liveLatency.reduce((m, v) => Math.max(m, v), 0).toFixed(1),
  },
};
writeFileSync(`${OUT}/swipe-push.json`, JSON.stringify(figures, null, 2));
console.log(`
swipe push: ${RATE}/s for ${SECONDS} s, batch ${BATCH}, ${CLIENTS} walls × ${CAMERAS} cameras${values.restart ? `, server restarted once (${figures.serverDownMs} ms down)` : ''}
  sent ${sent}${behind ? ` (+${behind} skipped: ${MAX_IN_FLIGHT} requests in flight)` : ''}, acknowledged ${acked.size}, requests ${requests} (retries ${retries})
  delivered ${delivered} of ${figures.expectedDeliveries} (${resumed} via resume), lost ${lost}, duplicated ${duplicated}, delivered but not acknowledged ${extra}
  POST → 'swipe' latency (live): p50 ${figures.latencyMs.p50} ms, p95 ${figures.latencyMs.p95} ms, p99 ${figures.latencyMs.p99} ms, max ${figures.latencyMs.max} ms (${liveLatency.length} samples)
  POST round trip (acknowledged): p50 ${percentile(postRoundTrip, 50).toFixed(1)} ms, p99 ${percentile(postRoundTrip, 99).toFixed(1)} ms
  CPU (cores): server ${cpu.server}${values.restart ? ' (the restarted one)' : ''}, redis ${cpu.redis}, bench walls+poster ${cpu.benchClients}
  load average ${figures.load}; figures in ${OUT}/swipe-push.json`);

for (const w of walls) w.socket.close();
await stopServerProcess(server);
await redis.stop();
process.exit(lost > 0 || duplicated > 0 ? 1 : 0);

/**
 * Time to alarm and false alarms, on the real stack: camera simulator (16 cameras of 4 clinics,
 * ffmpeg), the SFU's ingest and liveness (mediasoup), the server with the alarm engine and the
 * sentinel, Redis (a private redis-server), and a wall in Debian's Chromium.
 *   WEB_BUILD_DIR=var/alarmbench/build SVELTEKIT_OUT_DIR=var/alarmbench/.svelte-kit npx vite build   # once
 *   flock /tmp/clinicwall-stack.lock node --import tsx bench/alarms.ts [--healthy-minutes 10]
 *     [--kinds cut,blank,frozen,covered,reaimed] [--trials 5] [--conditions wall,nowall] [--timeout 20]
 *     [--redis on|off] [--web-build var/alarmbench/build]
 *
 * 1. Healthy run, from the server's start (start-up included): 16 cameras normal, the wall showing
 *    all 16; every alarm that turns active is a false alarm (counted per kind; conditions that were
 *    raised as pending and dropped before turning active are listed apart).
 * 2. Trials, per condition: `wall` (the 16 cameras on a 16-tile Chromium wall: browser verdicts,
 *    sentinel and SFU) and `nowall` (the wall closed: sentinel and SFU only). Per kind, `--trials`
 *    trials on different cameras: the camera's simulator mode is switched (cut, blank, frozen,
 *    covered, reaimed), time to alarm = the alarm's activatedAt (server clock, same process) minus
 *    the moment the switch is asked for (so it includes the simulator starting the new mode's
 *    encoder, 0.1-0.4 s and up to ~2 s on a loaded machine, while the old picture goes on: switches
 *    are gapless); no alarm within `--timeout` s is a miss. The first alarm of any kind is shown,
 *    and the mode's own. Then the camera is restored,
 *    its alarms must be cleared by the system (after 45 s the bench clears them by hand and says
 *    so) and it must stay 5 s without alarm. Also shown: when the first picture verdict of the
 *    camera reached the server from a wall and from the sentinel (GET /api/v1/tile-health), and
 *    alarms outside the trials (on untouched cameras, or on a camera just restored).
 * Alarm events come from the socket feed (`alarms:subscribe`, signed in as the operator). The
 * server's log goes to var/bench/alarms-server.log.
 */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { format, parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type {
  AlarmDto,
  AlarmEventDto,
  AlarmKind,
  ClientToServerEvents,
  ServerToClientEvents,
  TileHealthListDto,
} from '@clinicwall/contract';
import { RedisServer } from '../server/test/integration/helpers/redisServer.ts';
import { E2E_PASSWORDS, startStack, waitForTiles, type Stack } from '../web/e2e/harness.ts';
import { OUT, percentile, ROOT, sleep } from './lib.ts';

const { values } = parseArgs({
  options: {
    'healthy-minutes': { type: 'string', default: '10' },
    kinds: { type: 'string', default: 'cut,blank,frozen,covered,reaimed' },
    trials: { type: 'string', default: '5' },
    conditions: { type: 'string', default: 'wall,nowall' },
    timeout: { type: 'string', default: '20' },
    redis: { type: 'string', default: 'on' },
    'web-build': { type: 'string', default: 'var/alarmbench/build' },
  },
});

/** Simulator mode -> the alarm it should raise, and the target (ms) where the design sets one. */
const MODES: Record<string, { expect: AlarmKind; targetMs: number | null }> = {
  cut: { expect: 'signal_loss', targetMs: 3000 },
  blank: { expect: 'blank', targetMs: 5000 },
  frozen: { expect: 'frozen', targetMs: 5000 },
  covered: { expect: 'occluded', targetMs: 5000 },
  reaimed: { expect: 'redirected', targetMs: null },
};
const CAMERAS = 16;
const HEALTHY_MS = Number(values['healthy-minutes']) * 60_000;
const KINDS = values.kinds!.split(',').filter(Boolean);
const TRIALS = Number(values.trials);
const CONDITIONS = values.conditions!.split(',').filter(Boolean);
const TIMEOUT_MS = Number(values.timeout) * 1000;
const CLEAR_TIMEOUT_MS = 45_000;
/** A restored camera stays this long without alarm before the next trial. */
const SETTLE_MS = 5000;
const WEB_BUILD = `${ROOT}${values['web-build']}`;
for (const k of KINDS) if (!MODES[k]) throw new Error(`unknown kind ${k} (one of ${Object.keys(MODES).join(', ')})`);
for (const c of CONDITIONS) if (c !== 'wall' && c !== 'nowall') throw new Error(`unknown condition ${c}`);
const needsWall = HEALTHY_MS > 0 || CONDITIONS.includes('wall');
if (needsWall && !existsSync(`${WEB_BUILD}/handler.js`))
  throw new Error(`no web build in ${WEB_BUILD}: build it first (see the header of bench/alarms.ts)`);

// The server logs to a file; this script's figures go to stdout.
mkdirSync(OUT, { recursive: true });
const serverLog = createWriteStream(`${OUT}/alarms-server.log`);
const out = (...a: unknown[]) => process.stdout.write(`${format(...a)}\n`);
for (const level of ['log', 'info', 'warn', 'error'] as const)
  console[level] = (...a: unknown[]) => serverLog.write(`${new Date().toISOString()} ${format(...a)}\n`);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  `  load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min, ${cpus().length} cores)`;
const camId = (i: number) => `cam-${String((i % CAMERAS) + 1).padStart(3, '0')}`;

// ---- the stack ----
const redis = values.redis === 'on' ? await RedisServer.start() : null;
const startedAt = Date.now();
const stack: Stack = await startStack(CAMERAS, {
  SENTINEL: 'on',
  WEB_BUILD_DIR: WEB_BUILD,
  ...(redis ? { REDIS_URL: redis.url } : {}),
});
out(
  `alarms bench: ${CAMERAS} simulated cameras (4 clinics), SFU + server (alarm engine, sentinel on)${redis ? ', Redis' : ', embedded stores'}; server ready ${s(Date.now() - startedAt)} after start`,
);

/** Every alarm event of the feed, with the open alarms (not cleared) by id. */
const events: AlarmEventDto[] = [];
const open = new Map<string, AlarmDto>();
const waiters = new Set<() => void>();
const track = (a: AlarmDto) => (a.state === 'cleared' ? open.delete(a.id) : open.set(a.id, a));
const feed = await alarmFeed();

async function alarmFeed(): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const res = await fetch(`${stack.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: E2E_PASSWORDS.operator }),
  });
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('cw_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(stack.url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
  });
  socket.on('alarm', (e) => {
    events.push(e);
    for (const a of e.type === 'snoozed' ? e.alarms : [e.alarm]) track(a);
    for (const w of [...waiters]) w();
  });
  const ack = await socket.timeout(10_000).emitWithAck('alarms:subscribe', {});
  if (!ack.ok) throw new Error(`alarms:subscribe: ${ack.error.message}`);
  for (const a of ack.data.alarms) track(a);
  return socket;
}

/** Resolves with fn's value once truthy (checked on every alarm event and every 250 ms), null at the deadline. */
async function until<T>(fn: () => T | null | undefined | false, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    const left = deadline - Date.now();
    if (left <= 0) return null;
    await new Promise<void>((resolve) => {
      const wake = () => {
        waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(250, left));
      waiters.add(wake);
    });
  }
}

const activations = (from: number) =>
  events.filter((e): e is AlarmEventDto & { type: 'activated' } => e.type === 'activated' && e.at >= from);

async function openWall() {
  const page = await stack.newPage('operator', { viewport: { width: 1920, height: 1080 } });
  await page.goto(`${stack.url}/wall?layout=${CAMERAS}&page=1`);
  await waitForTiles(page, CAMERAS, 'live', 90_000);
  return page;
}

// ---- 1. healthy run ----
let page = needsWall ? await openWall() : null;
if (HEALTHY_MS > 0) {
  out(
    `\nHealthy run: ${CAMERAS} cameras normal for ${values['healthy-minutes']} min from the server's start, wall showing all ${CAMERAS} tiles (live ${s(Date.now() - startedAt)} after start)`,
  );
  await sleep(Math.max(0, startedAt + HEALTHY_MS - Date.now()));
  // The demo registry also has cam-web-01, a clinic's WebRTC camera nobody publishes: its
  // signal_loss is a true alarm, shown apart.
  const simulated = new Set(stack.sim.cameras().map((c) => c.id));
  const all = (await (await stack.api(`/api/v1/alarms?from=${startedAt}&limit=500`)).json()) as AlarmDto[];
  const stored = all.filter((a) => simulated.has(a.cameraId));
  const fromFeed = activations(startedAt).filter((e) => simulated.has(e.alarm.cameraId));
  const byKind = new Map<string, string[]>();
  for (const a of stored) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a.cameraId]);
  const dropped = events.filter(
    (e): e is AlarmEventDto & { type: 'cleared' } =>
      e.type === 'cleared' && e.alarm.activatedAt === null && simulated.has(e.alarm.cameraId),
  );
  const outside = all.filter((a) => !simulated.has(a.cameraId));
  out(
    `  false alarms (turned active) on the ${simulated.size} simulated cameras: ${stored.length} (stored; the socket feed saw ${fromFeed.length} activations)`,
  );
  for (const kind of Object.values(MODES).map((m) => m.expect))
    out(
      `    ${kind.padEnd(12)} ${byKind.get(kind)?.length ?? 0}${byKind.has(kind) ? `  (${byKind.get(kind)!.join(', ')})` : ''}`,
    );
  out(
    `  raised as pending and dropped before active: ${dropped.length}${dropped.length ? ` (${dropped.map((e) => `${e.alarm.kind}@${e.alarm.cameraId}`).join(', ')})` : ''}`,
  );
  out(
    `  cameras outside the simulation (never published): ${outside.map((a) => `${a.kind}@${a.cameraId} after ${s(a.activatedAt! - startedAt)}`).join(', ') || 'none'}`,
  );
  out(load());
}

// ---- 2. trials ----
interface Trial {
  camera: string;
  /** The first alarm of the camera after the switch, any kind. */
  ms: number | null;
  kind: AlarmKind | null;
  /** The alarm of the mode's own kind (signal_loss for cut, occluded for covered, ...). */
  expectedMs: number | null;
  wallMs: number | null;
  sentinelMs: number | null;
  clearedByHand: boolean;
}

/** When the first non-ok verdict of the camera after t0 reached the server, from a wall and from the sentinel. */
async function firstVerdicts(
  camera: string,
  t0: number,
): Promise<{ wallMs: number | null; sentinelMs: number | null }> {
  const body = (await (await stack.api('/api/v1/tile-health')).json()) as TileHealthListDto;
  const mine = body.recent.filter((v) => v.cameraId === camera && v.verdict !== 'ok' && v.receivedAt >= t0);
  const first = (pick: (reporter: string) => boolean) => {
    const times = mine.filter((v) => pick(v.reporter)).map((v) => v.receivedAt - t0);
    return times.length ? Math.min(...times) : null;
  };
  return { wallMs: first((r) => r !== 'sentinel'), sentinelMs: first((r) => r === 'sentinel') };
}

/** Each trial's camera, from the switch until its alarms were cleared after the restore. */
const spans: { camera: string; from: number; to: number }[] = [];

async function trial(mode: string, camera: string): Promise<Trial> {
  const onCamera = () => [...open.values()].filter((a) => a.cameraId === camera);
  if (onCamera().length) await until(() => !onCamera().length, CLEAR_TIMEOUT_MS);
  const expect = MODES[mode]!.expect;
  const t0 = Date.now();
  await stack.sim.setMode(camera, mode);
  // Another alarm may come first (e.g. the sentinel's verdict on a picture in between): wait on for
  // the alarm of the mode itself.
  const mine = () => activations(t0).filter((e) => e.alarm.cameraId === camera);
  await until(() => mine().find((e) => e.alarm.kind === expect), TIMEOUT_MS);
  const [hit] = mine();
  const expected = mine().find((e) => e.alarm.kind === expect);
  await stack.sim.setMode(camera, 'normal');
  let clearedByHand = false;
  if (!(await until(() => !onCamera().length, CLEAR_TIMEOUT_MS))) {
    clearedByHand = true;
    for (const a of onCamera()) {
      const ack = await feed.timeout(10_000).emitWithAck('alarms:clear', { alarmId: a.id, reason: '基准测试复位' });
      if (!ack.ok) out(`    (could not clear ${a.kind} on ${camera}: ${ack.error.message})`);
    }
  }
  spans.push({ camera, from: t0, to: Date.now() });
  // The restored camera must stay without alarm for a while before the next trial; an alarm it
  // raises meanwhile is outside the trial (counted apart) and is waited out.
  const settleUntil = Date.now() + CLEAR_TIMEOUT_MS;
  let quietSince = Date.now();
  while (Date.now() - quietSince < SETTLE_MS && Date.now() < settleUntil) {
    await sleep(250);
    if (onCamera().length) quietSince = Date.now();
  }
  return {
    camera,
    ms: hit ? hit.alarm.activatedAt! - t0 : null,
    kind: hit?.alarm.kind ?? null,
    expectedMs: expected ? expected.alarm.activatedAt! - t0 : null,
    ...(await firstVerdicts(camera, t0)),
    clearedByHand,
  };
}

const fmt = (ms: number | null) => (ms === null ? '   -  ' : s(ms).padStart(7));
const stat = (xs: (number | null)[], p: number) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? fmt(percentile(v, p)) : '   -  ';
};

for (const condition of CONDITIONS) {
  if (condition === 'wall' && !page) page = await openWall();
  if (condition === 'nowall' && page) {
    await page.close();
    page = null;
    await sleep(3000); // the wall's socket is gone: its verdicts no longer count
  }
  out(
    `\nTime to alarm, ${condition === 'wall' ? `cameras on a ${CAMERAS}-tile Chromium wall (browser verdicts + sentinel + SFU)` : 'cameras on no wall (sentinel + SFU)'}; ${TRIALS} trials per kind, miss = no alarm within ${values.timeout} s`,
  );
  out(
    `  ${'mode'.padEnd(8)} ${'target'.padEnd(7)} first alarm: ${'median'.padStart(7)} ${'max'.padStart(7)}  misses  ${'raised first as'.padEnd(30)}  the mode's own alarm: median / max (trials)   first verdict: wall / sentinel (median)`,
  );
  const trialsFrom = Date.now();
  for (const [ki, mode] of KINDS.entries()) {
    const rows: Trial[] = [];
    for (let j = 0; j < TRIALS; j++) rows.push(await trial(mode, camId(ki * TRIALS + j)));
    const { expect, targetMs } = MODES[mode]!;
    const kinds = new Map<string, number>();
    for (const r of rows) if (r.kind) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    const raisedAs = [...kinds].map(([k, n]) => `${k}${k === expect ? '' : '(!)'} ×${n}`).join(', ') || '-';
    const ms = rows.map((r) => r.ms);
    const misses = rows.filter((r) => r.ms === null).length;
    const byHand = rows.filter((r) => r.clearedByHand).length;
    const own = rows.map((r) => r.expectedMs);
    const ownCount = own.filter((x) => x !== null).length;
    out(
      `  ${mode.padEnd(8)} ${(targetMs ? `< ${targetMs / 1000} s` : '-').padEnd(7)}              ${stat(ms, 50)} ${stat(ms, 100)}  ${String(misses).padStart(6)}  ${raisedAs.padEnd(30)}  ${expect.padEnd(11)} ${stat(own, 50)} / ${stat(own, 100)} (${ownCount}/${rows.length})     ${stat(
        rows.map((r) => r.wallMs),
        50,
      )} / ${stat(
        rows.map((r) => r.sentinelMs),
        50,
      )}${byHand ? `  (${byHand} cleared by hand)` : ''}`,
    );
    out(
      `           each: ${rows
        .map(
          (r) =>
            `${r.camera} ${r.ms === null ? 'miss' : s(r.ms)}${r.kind && r.kind !== expect ? ` ${r.kind}${r.expectedMs === null ? `, no ${expect}` : `, then ${expect} ${s(r.expectedMs)}`}` : ''}`,
        )
        .join('; ')}`,
    );
  }
  // Any alarm outside a trial of its camera is false; one soon after its camera was restored is
  // told apart (the camera's feed or ingest restarting), the others came from nowhere.
  const mySpans = spans.filter((x) => x.from >= trialsFrom);
  const stray = activations(trialsFrom).filter(
    (e) => !mySpans.some((x) => x.camera === e.alarm.cameraId && e.at >= x.from && e.at <= x.to),
  );
  const afterRestore = stray.filter((e) =>
    mySpans.some((x) => x.camera === e.alarm.cameraId && e.at > x.to && e.at <= x.to + CLEAR_TIMEOUT_MS),
  );
  const name = (e: AlarmEventDto & { type: 'activated' }) => `${e.alarm.kind}@${e.alarm.cameraId}`;
  out(
    `  alarms outside the trials: ${stray.length - afterRestore.length} on untouched cameras${
      stray.length > afterRestore.length
        ? ` (${stray
            .filter((e) => !afterRestore.includes(e))
            .map(name)
            .join(', ')})`
        : ''
    }; ${afterRestore.length} on a camera just restored${afterRestore.length ? ` (${afterRestore.map(name).join(', ')})` : ''}`,
  );
  out(load());
}

feed.close();
await page?.close();
await stack.close();
await redis?.stop();
serverLog.end();
process.exit(0);

/**
 * The walls of bench/swipe-push.ts, in a process of their own (forked by it, talking over IPC) so
 * that their CPU neither slows the poster nor is counted as the server's: socket.io clients
 * subscribed to every camera, resuming after a reconnect from their last id per camera as the web
 * app does. Each wall notes when each swipe reaches it (epoch ms on this machine's clock, the clock
 * the poster stamps its POSTs with); on 'finish' the walls compare that with what was acknowledged.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import {
  compareEventIds,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SwipeRecord,
} from '@clinicwall/contract';
import { cookieFor } from '../server/test/integration/helpers/auth.ts';
import { epochMs, percentile } from './lib.ts';

export type WallsRequest =
  | { type: 'open'; url: string; clients: number; cameraIds: string[] }
  /** acked: swipeId, event id, ms since the start; sentAt: swipeId → epoch ms of the POST that got through. */
  | {
      type: 'finish';
      acked: [string, string, number][];
      sentAt: [string, number][];
      settleMs: number;
      /** Epoch ms: swipes posted in this window are left out of steadyLatencyMs. */
      restartWindow: { from: number; to: number };
    };

export interface WallsResult {
  expectedDeliveries: number;
  delivered: number;
  resumedDeliveries: number;
  lost: number;
  duplicated: number;
  deliveredButNotAcknowledged: number;
  lostByWall: unknown[];
  /** POST sent → 'swipes' event received, live deliveries only (ms). */
  latencyMs: Latency;
  /** The same without the swipes posted around a restart. */
  steadyLatencyMs: Latency;
  /** p99 latency of the swipes posted in each second of the run, counted from the restart (s = 0). */
  aroundRestart: { s: number; samples: number; p99: number }[];
  /** How late this process's timers ran (p99): how much the walls themselves may add. */
  loopDelayP99Ms: number;
}

interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summary(ms: number[]): Latency {
  const at = (p: number) => +percentile(ms, p).toFixed(1);
  return {
    samples: ms.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: +ms.reduce((m, v) => Math.max(m, v), 0).toFixed(1),
  };
}

export type WallsReport = { type: 'ready'; subscribed: number } | { type: 'result'; result: WallsResult };

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Wall {
  socket: Client;
  last: Map<string, string>;
  /** swipeId → times received (live or resumed) and when it first came live (NaN: first by resume). */
  received: Map<string, { times: number; liveAt: number }>;
  subscribed: number;
}

const send = (m: WallsReport) => process.send!(m);
const walls: Wall[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

/** A camera's resume point moves forward only. */
function advance(w: Wall, cam: string, id: string): void {
  const last = w.last.get(cam);
  if (!last || compareEventIds(id, last) > 0) w.last.set(cam, id);
}

function onRecord(w: Wall, r: SwipeRecord, live: boolean): void {
  const at = live ? epochMs() : NaN;
  for (const cam of r.cameraIds) advance(w, cam, r.id);
  const seen = w.received.get(r.swipeId);
  if (seen) seen.times++;
  else w.received.set(r.swipeId, { times: 1, liveAt: at });
}

async function openWall(url: string, cameraIds: string[]): Promise<Wall> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    extraHeaders: { cookie: await cookieFor(url, 'operator') },
  });
  const w: Wall = { socket, last: new Map(), received: new Map(), subscribed: 0 };
  socket.on('swipes', (records) => {
    for (const r of records) onRecord(w, r, true);
  });
  socket.on('connect', () => {
    const cameras = cameraIds.map((cameraId) => ({ cameraId, lastId: w.last.get(cameraId) ?? null }));
    socket.emit('swipes:subscribe', { cameras }, (res) => {
      if (!res.ok) return console.error(`[walls] subscribe refused: ${res.error.message}`);
      for (const r of res.data.missed) onRecord(w, r, false);
      for (const [cam, cursor] of Object.entries(res.data.cursors)) advance(w, cam, cursor);
      w.subscribed++;
    });
  });
  return w;
}

async function open(url: string, clients: number, cameraIds: string[]): Promise<void> {
  walls.push(...(await Promise.all(Array.from({ length: clients }, () => openWall(url, cameraIds)))));
  const deadline = performance.now() + 10_000;
  while (walls.some((w) => w.subscribed === 0) && performance.now() < deadline) await sleep(50);
  loopDelay.enable();
  send({ type: 'ready', subscribed: walls.filter((w) => w.subscribed > 0).length });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function finish(req: Extract<WallsRequest, { type: 'finish' }>): Promise<WallsResult> {
  const acked = new Map(req.acked.map(([swipeId, id, at]) => [swipeId, { id, at }]));
  const sentAt = new Map(req.sentAt);
  // Let the last pushes (and resumes) arrive.
  const settle = performance.now() + req.settleMs;
  while (performance.now() < settle && walls.some((w) => [...acked.keys()].some((id) => !w.received.has(id))))
    await sleep(100);
  const latency: number[] = [];
  const steady: number[] = [];
  const bySecond = new Map<number, number[]>();
  const { from, to } = req.restartWindow;
  const r: Omit<WallsResult, 'latencyMs' | 'steadyLatencyMs' | 'aroundRestart' | 'loopDelayP99Ms'> = {
    expectedDeliveries: acked.size * walls.length,
    delivered: 0,
    resumedDeliveries: 0,
    lost: 0,
    duplicated: 0,
    deliveredButNotAcknowledged: 0,
    lostByWall: [],
  };
  walls.forEach((w, i) => {
    const missing = [...acked].filter(([id]) => !w.received.has(id));
    r.lost += missing.length;
    if (missing.length)
      r.lostByWall.push({
        wall: i,
        lost: missing.length,
        subscriptions: w.subscribed,
        connected: w.socket.connected,
        first: missing.slice(0, 3).map(([swipeId, a]) => ({ swipeId, ...a })),
      });
    for (const [id, { times, liveAt }] of w.received) {
      r.delivered++;
      r.duplicated += times - 1;
      if (!acked.has(id)) r.deliveredButNotAcknowledged++;
      const t0 = sentAt.get(id);
      if (Number.isNaN(liveAt)) r.resumedDeliveries++;
      else if (t0 !== undefined) {
        latency.push(liveAt - t0);
        if (t0 < from || t0 > to) steady.push(liveAt - t0);
        const s = Math.floor((t0 - from) / 1000);
        if (from > 0) {
          const bucket = bySecond.get(s);
          if (bucket) bucket.push(liveAt - t0);
          else bySecond.set(s, [liveAt - t0]);
        }
      }
    }
  });
  return {
    ...r,
    latencyMs: summary(latency),
    steadyLatencyMs: summary(steady),
    aroundRestart: [...bySecond]
      .sort(([a], [b]) => a - b)
      .map(([s, ms]) => ({ s, samples: ms.length, p99: +percentile(ms, 99).toFixed(0) })),
    loopDelayP99Ms: +(loopDelay.percentile(99) / 1e6).toFixed(1),
  };
}

process.on('message', (m: WallsRequest) => {
  const run = async () => {
    if (m.type === 'open') return open(m.url, m.clients, m.cameraIds);
    send({ type: 'result', result: await finish(m) });
    for (const w of walls) w.socket.close();
    process.disconnect();
  };
  run().catch((error: unknown) => {
    console.error('[walls]', error);
    process.exit(1);
  });
});

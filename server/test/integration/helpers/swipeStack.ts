import { writeFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
  SwipeInInput,
  SwipeIngestResponse,
  SwipeRecord,
  SwipeSubscribeResult,
  WireError,
} from '@clinicwall/contract';
import { swipeIn, swipeTestRegistry } from '../../../src/domain/swipes/testFixtures.ts';
import { swipeRequestHeaders } from '../../../src/adapters/http/swipeSignature.ts';
import { RedisRegistryStore } from '../../../src/adapters/redis/registryStore.ts';
import type { RedisServer } from './redisServer.ts';
import { authEnv, cookieFor, fetchAs, flushKeepingAccounts, type TestUser } from './auth.ts';

export const INTEGRATION = 'his-test';
export const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const CARD_HASH_KEY = 'card-hash-key-0123456789-abcdefghij';

/** Environment for a server under test: swipe secrets, the small test registry, no camera ingest. */
export function swipeEnv(dir: string, over: Record<string, string> = {}): NodeJS.ProcessEnv {
  const fixture = join(dir, 'registry.json');
  writeFileSync(fixture, JSON.stringify(swipeTestRegistry()));
  return {
    ...process.env,
    PORT: '0',
    DEMO_CAMERAS: '0',
    SFU_WORKERS: '1',
    WEB_BUILD_DIR: '',
    REGISTRY_FIXTURE: fixture,
    SWIPE_INTEGRATIONS: `${INTEGRATION}:${SECRET},other-his:${'o'.repeat(40)}`,
    CARD_HASH_KEY,
    ...authEnv(),
    ...over,
  };
}

/** Empties Redis (but the accounts) and writes the test registry back (the servers reload it on the change notice). */
export async function resetRedis(redis: RedisServer): Promise<void> {
  const c = redis.client();
  try {
    await flushKeepingAccounts(c);
    await new RedisRegistryStore(c, async () => c).save(swipeTestRegistry());
  } finally {
    c.disconnect();
  }
}

/** A wire swipe (card number in clear, as the insurance system sends it). */
export function wireSwipe(over: Partial<SwipeInInput> = {}): SwipeInInput {
  return { ...swipeIn(), occurredAt: new Date().toISOString(), ...over };
}

export interface Posted {
  status: number;
  headers: Headers;
  text: string;
  body: SwipeIngestResponse & { error?: WireError };
}

/**
 * Signs and posts a raw body to `${url}/api/v1/swipes` with node:http through `agent`: keep-alive,
 * as an integration posts, and much lighter than fetch (a load generator disturbs less what it
 * measures). The status and the body text.
 */
export function postSignedKeepAlive(
  url: string,
  agent: Agent,
  raw: string,
  integration = INTEGRATION,
  secret = SECRET,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/swipes`,
      { method: 'POST', agent, headers: swipeRequestHeaders(integration, secret, raw) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

/** Signs and posts a body (object or raw text); `sign` overrides what goes into the headers. */
export async function postSwipes(
  url: string,
  body: unknown,
  sign: { integration?: string; secret?: string; nowS?: number; headers?: Record<string, string> } = {},
): Promise<Posted> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = {
    ...swipeRequestHeaders(sign.integration ?? INTEGRATION, sign.secret ?? SECRET, raw, sign.nowS),
    ...sign.headers,
  };
  const res = await fetch(`${url}/api/v1/swipes`, { method: 'POST', headers, body: raw });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Posted['body'] };
}

/** GET as a signed-in demo user (the operator unless said). */
export async function getJson<T>(
  url: string,
  path: string,
  as: TestUser = 'operator',
): Promise<{ status: number; body: T }> {
  const res = await fetchAs(as, url, path);
  return { status: res.status, body: (await res.json()) as T };
}

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client of the signed-in operator that records every `swipe` it receives. */
export async function connectWall(url: string): Promise<{ socket: Client; got: SwipeRecord[] }> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
    extraHeaders: { cookie: await cookieFor(url, 'operator') },
  });
  const got: SwipeRecord[] = [];
  socket.on('swipes', (records) => got.push(...records));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, got };
}

export function subscribe(
  socket: Client,
  cameras: { cameraId: string; lastId: string | null }[],
): Promise<Ack<SwipeSubscribeResult>> {
  return new Promise((resolve) => socket.emit('swipes:subscribe', { cameras }, resolve));
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A wall as the web app behaves: on every (re)connect it subscribes to a camera with the last id it
 * has (the ack's cursor, or a newer live swipe); it appends the missed swipes, then live ones. `ids`
 * is what it would show, in arrival order.
 */
export function resumingWall(url: string, cameraId: string) {
  const socket: Client = io(url, {
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
    autoConnect: false,
  });
  // Signed in as the operator (the session outlives server restarts: it is in Redis).
  void cookieFor(url, 'operator').then((cookie) => {
    socket.io.opts.extraHeaders = { cookie };
    socket.connect();
  });
  const ids: string[] = [];
  const errors: string[] = [];
  let subscribed = 0;
  let lastId: string | null = null;
  socket.on('swipes', (records) => {
    for (const r of records) {
      if (!r.cameraIds.includes(cameraId)) continue;
      ids.push(r.id);
      lastId = r.id;
    }
  });
  socket.on('connect', () => {
    socket.emit('swipes:subscribe', { cameras: [{ cameraId, lastId }] }, (res) => {
      if (!res.ok) {
        errors.push(res.error.message);
        return;
      }
      ids.push(...res.data.missed.map((r) => r.id));
      lastId = res.data.cursors[cameraId] ?? null;
      subscribed++;
    });
  });
  return {
    socket,
    ids,
    errors,
    subscriptions: () => subscribed,
    close: () => socket.close(),
  };
}

/** Ids strictly increasing: no duplicate, nothing out of order. */
export function strictlyIncreasing(ids: readonly string[]): boolean {
  const ms = (id: string) => id.split('-').map(Number) as [number, number];
  return ids.every((id, i) => {
    if (i === 0) return true;
    const [a, b] = ms(ids[i - 1]!);
    const [c, d] = ms(id);
    return c > a || (c === a && d > b);
  });
}

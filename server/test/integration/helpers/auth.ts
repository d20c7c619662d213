import type { Redis } from 'ioredis';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SessionDto } from '@clinicwall/contract';

/** The demo users every server under test seeds (see seedDemoUsers), with known passwords. */
export type TestUser = 'admin' | 'operator' | 'supervisor' | 'clinic' | 'integration';
export const TEST_PASSWORDS: Record<TestUser, string> = {
  admin: 'test-admin-pass-0137',
  operator: 'test-operator-pass-0137',
  supervisor: 'test-supervisor-pass-0137',
  clinic: 'test-clinic-pass-0137',
  integration: 'test-integration-pass-0137',
};

/** Server variables that seed the demo users with TEST_PASSWORDS. */
export function authEnv(): Record<string, string> {
  return {
    DEMO_PASSWORDS: Object.entries(TEST_PASSWORDS)
      .map(([u, p]) => `${u}:${p}`)
      .join(','),
  };
}

/** The session cookie of a Set-Cookie answer, as a Cookie header value. */
export function sessionCookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('cw_session='));
  if (!set) throw new Error(`no session cookie in the answer (${res.status})`);
  return set.split(';')[0]!;
}

/** Signs in through POST /auth/login; returns the Cookie header value and the session. */
export async function signIn(
  url: string,
  username: string,
  password = TEST_PASSWORDS[username as TestUser],
): Promise<{ cookie: string; session: SessionDto }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  return { cookie: sessionCookieOf(res), session: (await res.json()) as SessionDto };
}

const cookies = new Map<string, Promise<string>>();

/** A session cookie of `username` on the server at `url`, signed in once and reused. */
export function cookieFor(url: string, username: TestUser = 'operator', fresh = false): Promise<string> {
  const key = `${username}@${url}`;
  if (fresh) cookies.delete(key);
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = signIn(url, username).then((s) => s.cookie);
    cookie.catch(() => cookies.delete(key));
    cookies.set(key, cookie);
  }
  return cookie;
}

/**
 * fetch as a signed-in user: `url` is the server's, `path` starts with /api/v1. A session that ended
 * meanwhile (the server restarted with memory stores) is replaced by a new sign-in, once.
 */
export async function fetchAs(
  username: TestUser,
  url: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const send = async (fresh: boolean) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie: await cookieFor(url, username, fresh) },
    });
  const res = await send(false);
  return res.status === 401 ? send(true) : res;
}

export type AuthedClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket.io client of a signed-in user (not connected yet when `autoConnect: false` is passed).
 * The cookie goes with every handshake, also the reconnects.
 */
export async function socketAs(
  username: TestUser,
  url: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<AuthedClient> {
  return io(url, { transports: ['websocket'], ...options, extraHeaders: { cookie: await cookieFor(url, username) } });
}

/** Connects and waits for the connection (rejects with the connect_error). */
export async function connected(socket: AuthedClient): Promise<AuthedClient> {
  if (socket.connected) return socket;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Account keys in Redis: users and sessions, kept when a test empties Redis between cases. */
const ACCOUNT_PATTERNS = ['cw:users*', 'cw:session:*', 'cw:user-sessions:*'];

/** FLUSHALL, but the users and sessions come back (signed-in test clients stay signed in). */
export async function flushKeepingAccounts(client: Redis): Promise<void> {
  const saved: [string, Buffer, number][] = [];
  for (const pattern of ACCOUNT_PATTERNS) {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const [dump, ttl] = await Promise.all([client.dumpBuffer(key), client.pttl(key)]);
        if (dump) saved.push([key, dump, ttl]);
      }
    } while (cursor !== '0');
  }
  await client.flushall();
  for (const [key, dump, ttl] of saved) await client.restore(key, ttl > 0 ? ttl : 0, dump, 'REPLACE');
}

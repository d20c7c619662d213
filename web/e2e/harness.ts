import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { memoryAccountStores, readConfig, startServer, type RunningServer } from '@clinicwall/server';
import { startFleet } from '@clinicwall/infra/simulator';
import { CHROMIUM_ARGS } from './chromium.ts';

export { CHROMIUM_ARGS };

/** The demo users of every stack, one per role, with these passwords (DEMO_PASSWORDS). */
export type Role = 'admin' | 'operator' | 'supervisor' | 'clinic' | 'integration';
export const E2E_PASSWORDS: Record<Role, string> = {
  admin: 'e2e-admin-pass-2468',
  operator: 'e2e-operator-pass-2468',
  supervisor: 'e2e-supervisor-pass-2468',
  clinic: 'e2e-clinic-pass-2468',
  integration: 'e2e-integration-pass-2468',
};
const DEMO_PASSWORDS = Object.entries(E2E_PASSWORDS)
  .map(([user, password]) => `${user}:${password}`)
  .join(',');

export interface Stack {
  server: RunningServer;
  sim: Awaited<ReturnType<typeof startFleet>>;
  browser: Browser;
  url: string;
  /**
   * A page in a browser context of its own, signed in as `role` through the API (the session cookie
   * is in the context). Closing the page closes its context.
   */
  newPage(role?: Role, options?: BrowserContextOptions): Promise<Page>;
  /** fetch of an API path (`/api/v1/...`) as a signed-in `role` (default operator). */
  api(path: string, init?: RequestInit, role?: Role): Promise<Response>;
  /** Stops the server and starts a new one on the same port (a server restart, as in production). */
  restartServer(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Real parts: camera simulator (ffmpeg), server with SFU (mediasoup worker), built web app, Debian's Chromium.
 * `env` adds server variables for this stack only (e.g. per-run swipe secrets), also after a restart.
 */
export async function startStack(cameras = 16, env: Record<string, string> = {}): Promise<Stack> {
  const sim = await startFleet({ cameras, httpPort: 0 });
  // Accounts outlive restartServer (as with Redis): signed-in pages reconnect by themselves.
  const accounts = memoryAccountStores();
  const config = (port: string) =>
    readConfig({ ...process.env, DEMO_PASSWORDS, ...env, PORT: port, DEMO_CAMERAS: String(cameras) });
  const server = await startServer(config('0'), { accounts });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const port = new URL(server.url).port;
  const cookies = new Map<Role, string>();
  const signIn = async (role: Role): Promise<string> => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: role, password: E2E_PASSWORDS[role] }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cw_session='));
    if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${role} failed: ${res.status} ${await res.text()}`);
    cookies.set(role, cookie.split(';')[0]!);
    return cookies.get(role)!;
  };
  const stack: Stack = {
    server,
    sim,
    browser,
    url: server.url,
    newPage: async (role = 'operator', options = {}) => {
      const context = await browser.newContext(options);
      const res = await context.request.post(`${stack.url}/api/v1/auth/login`, {
        data: { username: role, password: E2E_PASSWORDS[role] },
      });
      if (!res.ok()) {
        await context.close();
        throw new Error(`sign-in as ${role} failed: ${res.status()} ${await res.text()}`);
      }
      const page = await context.newPage();
      page.once('close', () => void context.close().catch(() => undefined));
      return page;
    },
    api: async (path, init = {}, role = 'operator') => {
      const send = async (cookie: string) =>
        fetch(`${stack.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
      const res = await send(cookies.get(role) ?? (await signIn(role)));
      return res.status === 401 ? send(await signIn(role)) : res;
    },
    restartServer: async (downMs = 1000) => {
      await stack.server.close();
      await new Promise((r) => setTimeout(r, downMs));
      stack.server = await startServer(config(port), { accounts });
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      await stack.server.close();
      await sim.stop();
    },
  };
  return stack;
}

export async function waitForTiles(page: Page, n: number, state: string, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    ([n, state]) => {
      const tiles = [...document.querySelectorAll('[data-testid="tile"]')];
      return (
        tiles.length >= (n as number) &&
        tiles.slice(0, n as number).every((t) => t.getAttribute('data-state') === state)
      );
    },
    [n, state] as const,
    { timeout: timeoutMs, polling: 250 },
  );
}

/** Frames presented per tile (requestVideoFrameCallback count) and the decoded width. */
export async function tileFrames(
  page: Page,
): Promise<Record<string, { frames: number; width: number; height: number }>> {
  return page.evaluate(() => {
    const out: Record<string, { frames: number; width: number; height: number }> = {};
    const w = window as unknown as { __clinicwall?: { frames(id: string): number } };
    for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="tile"]')) {
      const id = tile.dataset.cameraId!;
      const video = tile.querySelector<HTMLVideoElement>('[data-testid="tile-video"]');
      out[id] = {
        frames: w.__clinicwall?.frames(id) ?? 0,
        width: video?.videoWidth ?? 0,
        height: video?.videoHeight ?? 0,
      };
    }
    return out;
  });
}

import { chromium, type Browser, type Page } from 'playwright-core';
import { readConfig, startServer, type RunningServer } from '@clinicwall/server';
import { startFleet } from '@clinicwall/infra/simulator';
import { CHROMIUM_ARGS } from './chromium.ts';

export { CHROMIUM_ARGS };

export interface Stack {
  server: RunningServer;
  sim: Awaited<ReturnType<typeof startFleet>>;
  browser: Browser;
  url: string;
  /** Stops the server and starts a new one on the same port (a server restart, as in production). */
  restartServer(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Real parts: camera simulator (ffmpeg), server with SFU (mediasoup worker), built web app, Debian's Chromium. */
export async function startStack(cameras = 16): Promise<Stack> {
  const sim = await startFleet({ cameras, httpPort: 0 });
  const server = await startServer(readConfig({ ...process.env, PORT: '0', DEMO_CAMERAS: String(cameras) }));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const port = new URL(server.url).port;
  const stack: Stack = {
    server,
    sim,
    browser,
    url: server.url,
    restartServer: async (downMs = 1000) => {
      await stack.server.close();
      await new Promise((r) => setTimeout(r, downMs));
      stack.server = await startServer(readConfig({ ...process.env, PORT: port, DEMO_CAMERAS: String(cameras) }));
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

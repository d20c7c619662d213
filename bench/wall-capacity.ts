/**
 * How many tiles one wall page keeps decoding at ≥ 90 % of the source frame rate, in headless
 * Chromium on this machine, with the CPU used.
 *   node --import tsx bench/wall-capacity.ts [--tiles 16,36,64,100] [--seconds 15] [--viewport 1920x1080]
 * Cameras are fed by two ffmpeg processes looping pre-encoded H.264 clips (main 640x360, sub
 * 320x180, 15 fps) to each camera's UDP port with `copy`, so the camera side costs almost nothing
 * and the figure is the wall's (plus ingest and SFU, reported separately).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { readConfig, startServer } from '@clinicwall/server';
import { RegistrySnapshot } from '@clinicwall/contract';
import { CHROMIUM_ARGS } from '../web/e2e/chromium.ts';
import { cpuDelta, cpuTimes, ensureClip, ROOT, sleep } from './lib.ts';

const { values } = parseArgs({
  options: {
    tiles: { type: 'string', default: '16,36,64,100' },
    seconds: { type: 'string', default: '15' },
    viewport: { type: 'string', default: '1920x1080' },
  },
});
const SOURCE_FPS = 15;
const [VW, VH] = values.viewport!.split('x').map(Number) as [number, number];
const registry = RegistrySnapshot.parse(JSON.parse(readFileSync(`${ROOT}infra/fixtures/demo-registry.json`, 'utf8')));
const ingestCams = registry.cameras.filter((c) => c.source.kind === 'ingest');

function feed(clip: string, urls: string[]): ChildProcess {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip];
  for (const u of urls) args.push('-map', '0:v:0', '-c:v', 'copy', '-f', 'mpegts', `${u}?pkt_size=1316`);
  return spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function pidsByName(name: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim().startsWith(name);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const mainClip = ensureClip('main-640x360', '640x360', '600k', SOURCE_FPS);
const subClip = ensureClip('sub-320x180', '320x180', '150k', SOURCE_FPS);
console.log(
  `wall capacity: tiles at ≥ ${(0.9 * SOURCE_FPS).toFixed(1)} fps (90 % of ${SOURCE_FPS}) in one headless Chromium page (${VW}x${VH}, software compositing), substream 320x180`,
);

for (const tiles of values.tiles!.split(',').map(Number)) {
  const cams = ingestCams.slice(0, tiles);
  const feeders = [
    feed(
      mainClip,
      cams.map((c) => (c.source.kind === 'ingest' ? c.source.main : '')),
    ),
    feed(
      subClip,
      cams.map((c) => (c.source.kind === 'ingest' ? c.source.sub : '')),
    ),
  ];
  const password = 'bench-operator-pass-1357';
  // The sentinel is the server's cost, not the wall's: off unless SENTINEL=on asks to share the box with it.
  const server = await startServer(
    readConfig({
      SENTINEL: 'off',
      ...process.env,
      PORT: '0',
      DEMO_CAMERAS: String(tiles),
      DEMO_PASSWORDS: `operator:${password}`,
    }),
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: VW, height: VH } });
    // Signed in as the demo operator (every region): the session cookie lands in the context.
    await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username: 'operator', password } });
    const page = await context.newPage();
    await page.goto(`${server.url}/wall?layout=${tiles}`);
    await page
      .waitForFunction(
        (n) =>
          [...document.querySelectorAll('[data-testid="tile"]')].filter((t) => t.getAttribute('data-state') === 'live')
            .length >= n,
        tiles,
        { timeout: 90_000, polling: 500 },
      )
      .catch(() => console.log(`  (not every tile went live within 90 s)`));
    await sleep(5000);
    const frames = () =>
      page.evaluate(() => {
        const w = window as unknown as { __clinicwall: { frames(id: string): number } };
        return [...document.querySelectorAll<HTMLElement>('[data-testid="tile"]')].map((t) =>
          w.__clinicwall.frames(t.dataset.cameraId!),
        );
      });
    const groups = {
      chromium: pidsByName('chromium'),
      ingest: pidsByName('ffmpeg').filter((p) => !feeders.some((f) => f.pid === p)),
      workers: (await server.sfu.pool.usage()).map((u) => u.pid),
    };
    const cpu0 = Object.fromEntries(Object.entries(groups).map(([k, p]) => [k, cpuTimes(p)]));
    const f0 = await frames();
    const t0 = Date.now();
    await sleep(Number(values.seconds) * 1000);
    const f1 = await frames();
    const secs = (Date.now() - t0) / 1000;
    const fps = f1.map((f, i) => (f - f0[i]!) / secs).slice(0, tiles);
    const ok = fps.filter((x) => x >= 0.9 * SOURCE_FPS).length;
    const cpu = Object.fromEntries(
      Object.entries(groups).map(([k, p]) => [k, (cpuDelta(cpu0[k]!, cpuTimes(p)) / secs) * 100]),
    );
    const mean = fps.reduce((a, b) => a + b, 0) / Math.max(1, fps.length);
    console.log(
      `  ${String(tiles).padStart(3)} tiles: ${ok}/${tiles} at ≥ 90 % fps (mean ${mean.toFixed(1)} fps, min ${Math.min(...fps).toFixed(1)}) — ` +
        `CPU: chromium ${cpu.chromium!.toFixed(0)} %, ingest ${cpu.ingest!.toFixed(0)} %, mediasoup ${cpu.workers!.toFixed(0)} % (100 % = one core)`,
    );
  } finally {
    await browser.close();
    await server.close();
    for (const f of feeders) f.kill('SIGKILL');
    await sleep(1000);
  }
}
process.exit(0);

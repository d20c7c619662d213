/**
 * How many tiles one wall page keeps decoding at ≥ 90 % of the source frame rate, in headless
 * Chromium on this machine, with the CPU used.
 *   node --import tsx bench/wall-capacity.ts [--tiles 16,36,64,100] [--seconds 15] [--viewport 1920x1080]
 *     [--chromium-args "--disable-frame-rate-limit"]   (extra Chromium flags, space separated)
 * Cameras are fed by two ffmpeg processes looping pre-encoded H.264 clips (main 640x360, sub
 * 320x180, 15 fps) to each camera's UDP port with `copy`, so the camera side costs almost nothing
 * and the figure is the wall's (plus ingest and SFU, reported separately).
 * Two figures per layout: frames **decoded** per tile (WebRTC inbound-rtp stats: the wall keeps up
 * with every camera) and frames **painted** per tile (requestVideoFrameCallback: what reached the
 * screen; on this GPU-less machine Chromium composites in software, which costs in proportion to
 * the window's area, so painting falls behind decoding first at full-HD). Also the page's own frame
 * rate (requestAnimationFrame): when only 15 fps video changes, headless Chromium composites the
 * page at 30 frames/s (60 with any other animation), so a video frame decoded late shares a
 * compositor frame with the next one and one of them is never shown;
 * `--chromium-args --disable-frame-rate-limit` lifts that limit (at a CPU cost) to tell it apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { readConfig, startServer } from '@clinicwall/server';
import { RegistrySnapshot } from '@clinicwall/contract';
import { CHROMIUM_ARGS } from '../web/e2e/chromium.ts';
import { cpuDelta, cpuTimes, ensureClip, loopFeed, ROOT, sleep } from './lib.ts';

const { values } = parseArgs({
  options: {
    tiles: { type: 'string', default: '16,36,64,100' },
    seconds: { type: 'string', default: '15' },
    viewport: { type: 'string', default: '1920x1080' },
    'chromium-args': { type: 'string', default: '' },
  },
});
/** Extra Chromium flags to try (space separated), after the tests' CHROMIUM_ARGS. */
const EXTRA_ARGS = values['chromium-args']!.split(' ').filter(Boolean);
const SOURCE_FPS = 15;
const [VW, VH] = values.viewport!.split('x').map(Number) as [number, number];
const registry = RegistrySnapshot.parse(JSON.parse(readFileSync(`${ROOT}infra/fixtures/demo-registry.json`, 'utf8')));
const ingestCams = registry.cameras.filter((c) => c.source.kind === 'ingest');

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
    loopFeed(
      mainClip,
      cams.map((c) => (c.source.kind === 'ingest' ? c.source.main : '')),
    ),
    loopFeed(
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
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...EXTRA_ARGS],
  });
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
    // Per received video stream (one consumer per tile), from the WebRTC inbound-rtp stats: frames
    // received and decoded, and packets lost. Tells frames that never arrived from a decoder that
    // falls behind, and both from a compositor that paints fewer frames than were decoded.
    const inbound = () =>
      page.evaluate(async () => {
        type Inbound = { type: string; kind?: string; id: string } & Partial<
          Record<
            | 'framesReceived'
            | 'framesDecoded'
            | 'packetsLost'
            | 'packetsReceived'
            | 'jitterBufferDelay'
            | 'jitterBufferEmittedCount',
            number
          >
        >;
        const w = window as unknown as { __clinicwall: { receiveStats?: () => Promise<RTCStatsReport> | null } };
        const report = await w.__clinicwall.receiveStats?.();
        const streams: Record<
          string,
          { received: number; decoded: number; lost: number; packets: number; buffered: number; emitted: number }
        > = {};
        report?.forEach((s: Inbound) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
          streams[s.id] = {
            received: s.framesReceived ?? 0,
            decoded: s.framesDecoded ?? 0,
            lost: s.packetsLost ?? 0,
            packets: s.packetsReceived ?? 0,
            buffered: s.jitterBufferDelay ?? 0,
            emitted: s.jitterBufferEmittedCount ?? 0,
          };
        });
        return streams;
      });
    const groups = {
      chromium: pidsByName('chromium'),
      ingest: pidsByName('ffmpeg').filter((p) => !feeders.some((f) => f.pid === p)),
      workers: (await server.sfu.pool.usage()).map((u) => u.pid),
    };
    const cpu0 = Object.fromEntries(Object.entries(groups).map(([k, p]) => [k, cpuTimes(p)]));
    const [f0, s0] = [await frames(), await inbound()];
    const t0 = Date.now();
    await sleep(Number(values.seconds) * 1000);
    const [f1, s1] = [await frames(), await inbound()];
    const secs = (Date.now() - t0) / 1000;
    const cpu = Object.fromEntries(
      Object.entries(groups).map(([k, p]) => [k, (cpuDelta(cpu0[k]!, cpuTimes(p)) / secs) * 100]),
    );
    // The page's own frame rate (requestAnimationFrame over 2 s): how often the compositor produced a frame.
    const pageFps = await page.evaluate<number>(`new Promise((resolve) => {
      let n = 0;
      const t0 = performance.now();
      requestAnimationFrame(function tick() {
        n++;
        if (performance.now() - t0 < 2000) requestAnimationFrame(tick);
        else resolve((n * 1000) / (performance.now() - t0));
      });
    })`); // a string: tsx would wrap a named function in a helper the page doesn't have
    // Streams present at both ends of the window that carried packets (a paused consumer, e.g. of a
    // camera without a publisher, is no tile in view; a tile that re-subscribed in between is left out).
    const streams = Object.keys(s1)
      .filter((id) => s0[id] && s1[id]!.packets > s0[id]!.packets)
      .map((id) => ({
        received: (s1[id]!.received - s0[id]!.received) / secs,
        decoded: (s1[id]!.decoded - s0[id]!.decoded) / secs,
        lost: s1[id]!.lost - s0[id]!.lost,
        packets: s1[id]!.packets - s0[id]!.packets,
        bufferedS: s1[id]!.buffered - s0[id]!.buffered,
        emitted: s1[id]!.emitted - s0[id]!.emitted,
      }))
      // A stream that carried packets but no frame is no tile's picture (mediasoup's bandwidth probe).
      .filter((x) => x.received > 0);
    const painted = f1.map((f, i) => (f - f0[i]!) / secs).slice(0, tiles);
    const decoded = streams.map((x) => x.decoded);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const summary = (xs: number[]) =>
      `${xs.filter((x) => x >= 0.9 * SOURCE_FPS).length}/${tiles} at ≥ 90 % fps ` +
      `(mean ${(sum(xs) / Math.max(1, xs.length)).toFixed(1)} fps, min ${(xs.length ? Math.min(...xs) : 0).toFixed(1)})`;
    const lostPct = (sum(streams.map((x) => x.lost)) / Math.max(1, sum(streams.map((x) => x.packets)))) * 100;
    console.log(
      `  ${String(tiles).padStart(3)} tiles: decoded ${summary(decoded)}; painted ${summary(painted)}\n` +
        `             received ${(sum(streams.map((x) => x.received)) / Math.max(1, streams.length)).toFixed(1)} fps per tile, packets lost ${lostPct.toFixed(2)} % — ` +
        `jitter buffer ${((sum(streams.map((x) => x.bufferedS)) / Math.max(1, sum(streams.map((x) => x.emitted)))) * 1000).toFixed(0)} ms, ` +
        `page ${pageFps.toFixed(0)} frames/s — CPU: chromium ${cpu.chromium!.toFixed(0)} %, ingest ${cpu.ingest!.toFixed(0)} %, mediasoup ${cpu.workers!.toFixed(0)} % (100 % = one core)`,
    );
  } finally {
    await browser.close();
    await server.close();
    for (const f of feeders) f.kill('SIGKILL');
    await sleep(1000);
  }
}
process.exit(0);

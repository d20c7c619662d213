/**
 * Glass-to-glass latency: the camera simulator burns the wall-clock time into every frame
 * (server/contract/src/timecode.ts); the wall page reads it back from each decoded tile at the moment
 * the frame is presented (requestVideoFrameCallback) and compares with its own clock (same machine).
 *   node --import tsx bench/glass-to-glass.ts [--cameras 16] [--seconds 20]
 */
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startStack, waitForTiles } from '../web/e2e/harness.ts';
import { percentile, ROOT } from './lib.ts';

const { values } = parseArgs({
  options: { cameras: { type: 'string', default: '16' }, seconds: { type: 'string', default: '20' } },
});
const cameras = Number(values.cameras);
const seconds = Number(values.seconds);

const bundle = await build({
  entryPoints: [`${ROOT}server/contract/src/timecode.ts`],
  bundle: true,
  format: 'iife',
  globalName: '__timecode',
  write: false,
});

const stack = await startStack(cameras);
try {
  const page = await stack.newPage('operator', { viewport: { width: 1920, height: 1080 } });
  await page.goto(`${stack.url}/wall?layout=${cameras <= 16 ? 16 : cameras <= 36 ? 36 : 64}`);
  await waitForTiles(page, cameras, 'live', 60_000);
  await page.waitForTimeout(3000);
  // tsx compiles this file with keepNames: functions passed to the page call a __name helper.
  await page.addScriptTag({ content: `window.__name = (f) => f;\n${bundle.outputFiles[0]!.text}` });
  const result = await page.evaluate(async (seconds) => {
    const tc = (window as unknown as { __timecode: typeof import('../server/contract/src/timecode.ts') }).__timecode;
    const samples: number[] = [];
    let unreadable = 0;
    const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="tile-video"]')];
    const canvas = new OffscreenCanvas(16, 16);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const end = performance.now() + seconds * 1000;
    await new Promise<void>((resolve) => {
      let active = videos.length;
      for (const v of videos) {
        const onFrame = () => {
          const now = Date.now();
          const w = v.videoWidth,
            h = v.videoHeight;
          if (w && h) {
            const strip = tc.timecodeStrip(w, h);
            if (canvas.width !== w || canvas.height !== strip.h) {
              canvas.width = w;
              canvas.height = strip.h;
            }
            ctx.drawImage(v, 0, strip.y, w, strip.h, 0, 0, w, strip.h);
            const img = ctx.getImageData(0, 0, w, strip.h).data;
            const luma = (x: number, y: number) => {
              const i = ((y - strip.y) * w + x) * 4;
              return 0.299 * img[i]! + 0.587 * img[i + 1]! + 0.114 * img[i + 2]!;
            };
            const decoded = tc.decodeTimecode(w, h, luma);
            const age = decoded === null ? null : tc.timecodeAgeMs(decoded, now);
            if (age === null || age < -50 || age > 10_000) unreadable++;
            else samples.push(age);
          }
          if (performance.now() < end) v.requestVideoFrameCallback(onFrame);
          else if (--active === 0) resolve();
        };
        v.requestVideoFrameCallback(onFrame);
      }
    });
    return { samples, unreadable };
  }, seconds);
  const s = result.samples;
  console.log(`glass-to-glass latency, ${cameras} simulated cameras → substream tiles, loopback, ${seconds} s`);
  console.log(`  frames read: ${s.length} (unreadable: ${result.unreadable})`);
  console.log(
    `  p50 ${percentile(s, 50).toFixed(0)} ms, p95 ${percentile(s, 95).toFixed(0)} ms, p99 ${percentile(s, 99).toFixed(0)} ms, max ${Math.max(...s).toFixed(0)} ms`,
  );
  console.log(`  target: p95 < 200 ms → ${percentile(s, 95) < 200 ? 'met' : 'NOT met'}`);
} finally {
  await stack.close();
}
process.exit(0);

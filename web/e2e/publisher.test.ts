import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from './harness.ts';

let stack: Stack;

before(async () => {
  stack = await startStack(4);
});

after(async () => {
  await stack?.close();
});

test("a clinic's webcam published from the publisher page appears live on the wall, main and sub", async () => {
  const publisher = await stack.newPage('clinic');
  publisher.on('pageerror', (e) => console.error('[publisher error]', e.message));
  await publisher.goto(`${stack.url}/publish?camera=cam-web-01`);
  await publisher
    .getByRole('button', { name: /开始|发布|Start|Publish/ })
    .first()
    .click()
    .catch(() => undefined);
  const wall = await stack.newPage('operator', { viewport: { width: 1600, height: 900 } });
  await wall.goto(`${stack.url}/wall?layout=9&page=1`);
  const sel = '[data-testid="tile"][data-camera-id="cam-web-01"]';
  await wall.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'live', sel, {
    timeout: 30_000,
  });
  // What the tile shows: which stream it consumes and the size of the decoded picture.
  const shows = (stream: string, width: number) =>
    wall.waitForFunction(
      ([sel, stream, width]) => {
        const tile = document.querySelector(sel as string);
        const video = tile?.querySelector('video') as HTMLVideoElement | null;
        return tile?.getAttribute('data-stream') === stream && video?.videoWidth === width;
      },
      [sel, stream, width] as const,
      { timeout: 20_000 },
    );
  await shows('sub', 320);
  const frames = async () =>
    wall.evaluate(() =>
      (window as unknown as { __clinicwall: { frames(id: string): number } }).__clinicwall.frames('cam-web-01'),
    );
  const a = await frames();
  await wall.waitForTimeout(2000);
  const b = await frames();
  assert.ok(b - a >= 10, `publisher's video advances on the wall (${b - a} frames in 2 s)`);
  await wall.locator(sel).dblclick();
  // Focused: the main stream (the publisher's high simulcast layer), at its full width.
  await shows('main', 640);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startStack, tileFrames, waitForTiles, type Stack } from './harness.ts';

let stack: Stack;
let page: Page;

before(async () => {
  stack = await startStack(16);
  page = await stack.newPage('operator', { viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${stack.url}/wall?layout=16&page=1`);
});

after(async () => {
  await stack?.close();
});

test('a 16-tile wall: every tile goes live and decodes advancing frames of the substream', async () => {
  await waitForTiles(page, 16, 'live', 45_000);
  const first = await tileFrames(page);
  await page.waitForTimeout(3000);
  const second = await tileFrames(page);
  const ids = Object.keys(second);
  assert.equal(ids.length, 16);
  for (const id of ids) {
    const fps = (second[id]!.frames - first[id]!.frames) / 3;
    assert.ok(fps >= 8, `${id} shows ${fps.toFixed(1)} fps`);
    assert.equal(second[id]!.width, 320, `${id} decodes the 320-wide substream`);
  }
});

test('double-click focuses a tile on the main stream; Esc returns it to the substream', async () => {
  const tile = page.locator('[data-testid="tile"]').nth(2);
  const id = await tile.getAttribute('data-camera-id');
  await tile.dblclick();
  await page.waitForFunction(
    (id) => {
      const t = document.querySelector<HTMLElement>(
        `[data-testid="tile"][data-camera-id="${id}"][data-focused="true"]`,
      );
      const v = t?.querySelector<HTMLVideoElement>('[data-testid="tile-video"]');
      return t?.dataset.stream === 'main' && v?.videoWidth === 640;
    },
    id,
    { timeout: 15_000 },
  );
  await page.keyboard.press('Escape');
  await page.waitForFunction(
    (id) => {
      const t = document.querySelector<HTMLElement>(`[data-testid="tile"][data-camera-id="${id}"]`);
      const v = t?.querySelector<HTMLVideoElement>('[data-testid="tile-video"]');
      return t?.dataset.focused !== 'true' && t?.dataset.stream === 'sub' && v?.videoWidth === 320;
    },
    id,
    { timeout: 15_000 },
  );
});

test('a cut camera shows "no signal" and recovers when the camera is back', async () => {
  const cam = 'cam-005';
  const tile = page.locator(`[data-testid="tile"][data-camera-id="${cam}"]`);
  await stack.sim.setMode(cam, 'cut');
  await page.waitForFunction(
    (cam) =>
      document.querySelector(`[data-testid="tile"][data-camera-id="${cam}"]`)?.getAttribute('data-state') ===
      'no_signal',
    cam,
    { timeout: 8000 },
  );
  assert.match((await tile.textContent()) ?? '', /无信号/);
  // The operator is told why: the camera went silent, or the ingest is retrying it.
  assert.match((await tile.getByTestId('tile-ingest').textContent()) ?? '', /摄像机无画面发出|采集重启中 · 第 \d+ 次/);
  // The other tiles stay live.
  const states = await page
    .locator('[data-testid="tile"]')
    .evaluateAll((ts) => ts.map((t) => t.getAttribute('data-state')));
  assert.equal(states.filter((s) => s === 'live').length, 15);
  await stack.sim.setMode(cam, 'normal');
  await page.waitForFunction(
    (cam) =>
      document.querySelector(`[data-testid="tile"][data-camera-id="${cam}"]`)?.getAttribute('data-state') === 'live',
    cam,
    { timeout: 30_000 },
  );
  const a = (await tileFrames(page))[cam]!.frames;
  await page.waitForTimeout(2000);
  const b = (await tileFrames(page))[cam]!.frames;
  assert.ok(b - a >= 10, `recovered tile advances (${b - a} frames in 2 s)`);
});

test('after a server restart the wall shows "reconnecting", then every tile comes back live by itself', async () => {
  const restarting = stack.restartServer(1500);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="conn"]')?.getAttribute('data-state') !== 'connected',
    null,
    { timeout: 10_000 },
  );
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="tile"]')].some(
        (t) => t.getAttribute('data-state') === 'reconnecting',
      ),
    null,
    { timeout: 10_000 },
  );
  await restarting;
  await waitForTiles(page, 16, 'live', 45_000);
  const a = await tileFrames(page);
  await page.waitForTimeout(2000);
  const b = await tileFrames(page);
  for (const id of Object.keys(b)) assert.ok(b[id]!.frames - a[id]!.frames >= 10, `${id} advances after the restart`);
});

test('after a network blip the wall shows "reconnecting", then comes back live by itself', async () => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const offline = (on: boolean) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: on,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  await offline(true);
  try {
    await page.waitForFunction(
      () => document.querySelector('[data-testid="conn"]')?.getAttribute('data-state') !== 'connected',
      null,
      { timeout: 20_000 },
    );
  } finally {
    await offline(false);
  }
  await waitForTiles(page, 16, 'live', 45_000);
  const a = await tileFrames(page);
  await page.waitForTimeout(2000);
  const b = await tileFrames(page);
  for (const id of Object.keys(b)) assert.ok(b[id]!.frames - a[id]!.frames >= 10, `${id} advances after the blip`);
  await cdp.detach();
});

test('the wall takes a screenshot a person can read (zh-CN labels, states)', async () => {
  await page.screenshot({ path: 'var/test-logs/wall-16.png' });
  const label = await page.locator('[data-testid="tile"]').first().textContent();
  assert.match(label ?? '', /[\u4e00-\u9fff]/, 'tile labels are in Chinese by default');
});

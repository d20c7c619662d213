import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startStack, waitForTiles, type Stack } from './harness.ts';

let stack: Stack;
let page: Page;

type Healths = Record<string, string>;

async function healths(page: Page): Promise<Healths> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const t of document.querySelectorAll<HTMLElement>('[data-testid="tile"]'))
      out[t.dataset.cameraId!] = t.dataset.health ?? '';
    return out;
  });
}

/** Waits until `cam`'s tile health satisfies `ok`; returns the seconds it took. */
async function waitHealth(cam: string, pred: (h: string) => boolean, timeoutMs: number): Promise<[number, string]> {
  const t0 = Date.now();
  for (;;) {
    const h = (await healths(page))[cam] ?? '';
    if (pred(h)) return [(Date.now() - t0) / 1000, h];
    if (Date.now() - t0 > timeoutMs) assert.fail(`${cam} health is "${h}" after ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

before(async () => {
  stack = await startStack(9);
  page = await stack.browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error('[console]', m.text());
  });
  await page.goto(`${stack.url}/wall?layout=9&lang=en`);
});

after(async () => {
  await stack?.close();
});

test('every live tile is checked and reported ok after its reference second', async () => {
  await waitForTiles(page, 9, 'live', 45_000);
  await page.keyboard.press('d');
  await page.waitForFunction(
    () => {
      const d = document.querySelector<HTMLElement>('[data-testid="health-diag"]');
      return d && d.dataset.backend && Number(d.dataset.tiles) === 9;
    },
    null,
    { timeout: 30_000 },
  );
  // Give the pipeline its reference second plus a few checks; nothing may be flagged on a normal wall.
  await page.waitForTimeout(4000);
  const h = await healths(page);
  assert.equal(Object.keys(h).length, 9);
  assert.deepEqual(
    Object.entries(h).filter(([, v]) => v !== 'ok'),
    [],
  );
  const diag = await page.locator('[data-testid="health-diag"]').innerText();
  console.log(`diagnostics:\n${diag}`);
});

test('a blank camera is flagged blank, the others stay ok, and it clears when the picture returns', async () => {
  await stack.sim.setMode('cam-002', 'blank', 'black');
  const [secs, v] = await waitHealth('cam-002', (h) => h === 'blank', 10_000);
  console.log(`cam-002 blank detected in ${secs.toFixed(1)} s`);
  assert.equal(v, 'blank');
  const h = await healths(page);
  assert.deepEqual(
    Object.entries(h).filter(([id, s]) => id !== 'cam-002' && s !== 'ok'),
    [],
  );
  assert.match(
    (await page.locator('[data-camera-id="cam-002"] [data-testid="tile-health"]').innerText()) ?? '',
    /Blank/,
  );

  const res = await fetch(`${stack.url}/api/v1/tile-health`);
  const body = (await res.json()) as { cameras: { cameraId: string; verdict: string }[] };
  const cam = body.cameras.find((c) => c.cameraId === 'cam-002');
  assert.ok(cam, `server lists cam-002: ${JSON.stringify(body.cameras)}`);
  assert.equal(cam.verdict, 'blank');

  await stack.sim.setMode('cam-002', 'normal');
  const [back] = await waitHealth('cam-002', (h) => h === 'ok', 15_000);
  console.log(`cam-002 back to ok in ${back.toFixed(1)} s`);
});

test('a covered camera is flagged unhealthy (occluded expected)', async () => {
  await stack.sim.setMode('cam-003', 'covered');
  await stack.sim.setMode('cam-002', 'blank', 'black');
  const [secs, v] = await waitHealth('cam-003', (h) => h !== 'ok' && h !== '', 10_000);
  console.log(`cam-003 covered → ${v} in ${secs.toFixed(1)} s`);
  // The smoother re-marks with the majority class of a run: give it a moment to settle on occluded.
  const [, settled] = await waitHealth('cam-003', (h) => h === 'occluded', 4_000).catch(() => [0, v] as const);
  // Known model behaviour on the simulator's cover: it may call it "redirected" (still an alarm).
  if (settled !== 'occluded') console.log(`NOTE: cam-003 covered is reported "${settled}", not "occluded"`);
  assert.notEqual((await healths(page))['cam-003'], 'ok');
  await waitHealth('cam-002', (h) => h === 'blank', 10_000);
  await page.screenshot({ path: 'test-results/tile-health.png' });
  const others = Object.entries(await healths(page)).filter(
    ([id, s]) => id !== 'cam-002' && id !== 'cam-003' && s !== 'ok',
  );
  assert.deepEqual(others, []);
  await stack.sim.setMode('cam-003', 'normal');
  await stack.sim.setMode('cam-002', 'normal');
});

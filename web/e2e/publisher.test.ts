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

const CAMERA = 'cam-web-01';
const TILE = `[data-testid="tile"][data-camera-id="${CAMERA}"]`;

/** A clinic's publisher page publishing the browser camera, and an operator's wall showing it live. */
async function publishedOnWall() {
  const publisher = await stack.newPage('clinic');
  publisher.on('pageerror', (e) => console.error('[publisher error]', e.message));
  await publisher.goto(`${stack.url}/publish?camera=${CAMERA}`);
  await publisher
    .getByRole('button', { name: /开始|发布|Start|Publish/ })
    .first()
    .click()
    .catch(() => undefined);
  const wall = await stack.newPage('operator', { viewport: { width: 1600, height: 900 } });
  await wall.goto(`${stack.url}/wall?layout=9&page=1`);
  await wall.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'live', TILE, {
    timeout: 30_000,
  });
  return { publisher, wall, sel: TILE };
}

test("a clinic's webcam published from the publisher page appears live on the wall, main and sub", async () => {
  const { wall, sel } = await publishedOnWall();
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

test('a publisher whose account is disabled stops at once: its page says why, the wall tile goes to no signal', async () => {
  // A second publisher page of the camera takes it over from the first test's (the newest wins).
  const { publisher, wall, sel } = await publishedOnWall();

  const users = (await (await stack.api('/api/v1/users', {}, 'admin')).json()) as { id: string; username: string }[];
  const clinic = users.find((u) => u.username === 'clinic')!;
  const t0 = Date.now();
  const res = await stack.api(
    `/api/v1/users/${clinic.id}`,
    { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) },
    'admin',
  );
  assert.equal(res.status, 200);
  // The publisher's page is signed out with the reason (the server's session:ended).
  await publisher.waitForSelector('[data-testid="login-ended"][data-ended="disabled"]', { timeout: 10_000 });
  // Its producer closed with the session: the wall's tile has no signal once the SFU sees no media.
  await wall.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'no_signal', sel, {
    timeout: 10_000,
  });
  const ms = Date.now() - t0;
  console.log(`[e2e] disabled publisher → wall tile no_signal in ${ms} ms`);
  assert.equal(await wall.locator(sel).getAttribute('data-state'), 'no_signal');
  const audit = (await (
    await stack.api(`/api/v1/audit?action=camera.publish_ended&targetId=${CAMERA}`, {}, 'admin')
  ).json()) as { items: { reason: string | null; actor: { username: string } }[] };
  assert.ok(
    audit.items.some((e) => e.reason === 'disabled' && e.actor.username === 'clinic'),
    JSON.stringify(audit.items),
  );
  await Promise.all([publisher.close(), wall.close()]);
});

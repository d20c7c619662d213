import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AlarmDto, RegistrySnapshot, SwipeInInput, UserCreatedDto } from '@clinicwall/contract';
import { swipeRequestHeaders } from '../../server/src/adapters/http/swipeSignature.ts';
import { startStack, type Stack } from './harness.ts';

/**
 * The supervisor's phone view at 390×844 and 412×915: sign in through the form as a supervisor of
 * ONE region; only that region's alarms appear (one camera cut in the region, one outside); open
 * the alarm's camera, acknowledge it; the camera back, a live picture plays on its substream; the
 * page hidden pauses the consumer, shown again resumes it. Also: the installable shell (manifest,
 * service worker) and its offline state. Screenshots of /login, /m and /m/camera at both sizes.
 */
const SHOTS = 'var/screenshots';
const INTEGRATION = 'e2e-his';
const SECRET = randomBytes(24).toString('hex');
const ENV = { SWIPE_INTEGRATIONS: `${INTEGRATION}:${SECRET}`, CARD_HASH_KEY: randomBytes(24).toString('hex') };
/** r-dongcheng: cam-001..004 (clinic c-01); cam-005.. are other regions. */
const REGION = 'r-dongcheng';
const SUPERVISOR = { username: 'sup-dongcheng', password: 'Dongcheng-Field-Visit-2468', displayName: '东城区督导' };
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 412, height: 915 },
] as const;

let stack: Stack;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack(16, ENV);
  const res = await stack.api(
    '/api/v1/users',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...SUPERVISOR, role: 'supervisor', regionIds: [REGION] }),
    },
    'admin',
  );
  assert.equal(res.status, 201, `creating the supervisor: ${await res.clone().text()}`);
  const created = (await res.json()) as UserCreatedDto;
  assert.deepEqual(created.user.regionIds, [REGION]);
});

after(async () => {
  await stack?.close();
});

async function phonePage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await stack.browser.newContext({ viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.once('close', () => void context.close().catch(() => undefined));
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  return page;
}

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('login-username').fill(SUPERVISOR.username);
  await page.getByTestId('login-password').fill(SUPERVISOR.password);
  await page.getByTestId('login-submit').tap();
}

/** Open alarms of a camera as the admin sees them (the whole city). */
async function openAlarms(cameraId: string): Promise<AlarmDto[]> {
  const res = await stack.api(`/api/v1/alarms?cameraId=${cameraId}`, {}, 'admin');
  assert.equal(res.status, 200);
  return ((await res.json()) as AlarmDto[]).filter((a) => a.state === 'active' || a.state === 'acknowledged');
}

/** The cameras of a region, in registry order, as the admin sees the registry. */
async function regionCameras(regionId: string): Promise<string[]> {
  const registry = (await (await stack.api('/api/v1/registry', {}, 'admin')).json()) as RegistrySnapshot;
  const clinics = new Set(registry.clinics.filter((c) => c.regionId === regionId).map((c) => c.id));
  return registry.cameras.filter((c) => clinics.has(c.clinicId)).map((c) => c.id);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The watched tile: its state, stream, decoded width and frames painted so far. */
async function tileInfo(page: Page): Promise<{ state: string; stream: string; width: number; frames: number }> {
  return page.evaluate(() => {
    const tile = document.querySelector<HTMLElement>('[data-testid="m-video"] [data-testid="tile"]');
    const video = tile?.querySelector<HTMLVideoElement>('video');
    const w = window as unknown as { __clinicwall?: { frames(id: string): number } };
    return {
      state: tile?.dataset.state ?? 'none',
      stream: tile?.dataset.stream ?? 'none',
      width: video?.videoWidth ?? 0,
      frames: w.__clinicwall?.frames(tile?.dataset.cameraId ?? '') ?? 0,
    };
  });
}

/** What the page's visibility handlers see when the phone locks or the user switches apps. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  // A string, not a function: tsx would wrap the property getters in a helper the page lacks.
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return ${hidden ? "'hidden'" : "'visible'"}; } });
    Object.defineProperty(document, 'hidden', { configurable: true, get() { return ${String(hidden)}; } });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
}

async function postSwipe(cameraTerminal: string): Promise<void> {
  const swipe: SwipeInInput = {
    swipeId: `e2e-phone-${randomUUID()}`,
    terminalId: cameraTerminal,
    clinicCode: 'H110101000001',
    occurredAt: new Date().toISOString(),
    cardNumber: '6222020200112341234',
    holderName: '张晓明',
    doctorId: 'D-0012',
    items: [{ code: '310000001', name: '换药（小）', quantity: 1, unitPrice: 35 }],
    total: 35,
    currency: 'CNY',
  };
  const registry = (await (await stack.api('/api/v1/registry', {}, 'admin')).json()) as RegistrySnapshot;
  const t = registry.terminals.find((x) => x.id === cameraTerminal);
  swipe.clinicCode = registry.clinics.find((c) => c.id === t?.clinicId)?.code ?? swipe.clinicCode;
  const body = JSON.stringify(swipe);
  const res = await fetch(`${stack.url}/api/v1/swipes`, {
    method: 'POST',
    headers: swipeRequestHeaders(INTEGRATION, SECRET, body),
    body,
  });
  assert.ok(res.ok, `POST /api/v1/swipes: ${res.status} ${await res.text()}`);
}

test('390×844: sign in, only own-region alarms, open the camera, ack, live substream, paused when hidden', async () => {
  const size = VIEWPORTS[0];
  const page = await phonePage(size);
  try {
    // Not signed in: the phone view sends to the sign-in page and remembers where to come back.
    await page.goto(`${stack.url}/m`);
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/m', { timeout: 15_000 });
    await page.getByTestId('login-form').waitFor();
    await page.screenshot({ path: `${SHOTS}/phone-login-${size.width}.png` });

    // A wrong password: a clear error, still on the sign-in page.
    await page.getByTestId('login-username').fill(SUPERVISOR.username);
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').tap();
    await page.getByTestId('login-error').waitFor({ timeout: 10_000 });
    assert.match((await page.getByTestId('login-error').textContent()) ?? '', /用户名或密码错误/);

    await signIn(page);
    await page.waitForURL((u) => u.pathname === '/m', { timeout: 15_000 });
    await page.locator('[data-testid="alarm-list"][data-status="live"]').waitFor({ timeout: 30_000 });

    // One camera cut in the supervisor's region, one in another region: only the first shows up.
    await stack.sim.setMode('cam-002', 'cut');
    await stack.sim.setMode('cam-005', 'cut');
    const mine = page.locator('[data-testid="alarm"][data-camera-id="cam-002"][data-state="active"]');
    await mine.waitFor({ timeout: 15_000 });
    await waitFor(
      'the out-of-region alarm (server side)',
      async () => (await openAlarms('cam-005')).length > 0,
      15_000,
    );
    await page.waitForTimeout(1000);
    const inRegion = await regionCameras(REGION);
    const shown = await page
      .locator('[data-testid="alarm"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cameraId ?? ''));
    assert.ok(shown.includes('cam-002'));
    assert.ok(!shown.includes('cam-005'), 'the out-of-region alarm is not on the phone');
    for (const id of shown) assert.ok(inRegion.includes(id), `${id} is in ${REGION}`);
    // The camera list holds exactly the region's cameras.
    const cams = await page
      .getByTestId('m-camera-link')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cameraId ?? ''));
    assert.deepEqual(cams, inRegion);
    await page.screenshot({ path: `${SHOTS}/phone-alarms-${size.width}.png` });

    // Tap the alarm: its camera, alone, on the substream; the cut camera says "no signal".
    await mine.getByTestId('alarm-locate').tap();
    await page.waitForURL((u) => u.pathname === '/m/camera/cam-002', { timeout: 10_000 });
    await page
      .locator('[data-testid="m-video"] [data-testid="tile"][data-state="no_signal"]')
      .waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-testid="tile"]').count(), 1, 'only the watched camera is on the page');

    // Acknowledge it from the phone.
    const alarm = page.locator('[data-testid="m-camera"] [data-testid="alarm"][data-camera-id="cam-002"]');
    await alarm.getByTestId('alarm-ack').tap();
    await alarm.getByTestId('alarm-text').fill('督导已到现场核查');
    await alarm.getByTestId('alarm-submit').tap();
    await page
      .locator('[data-testid="m-camera"] [data-testid="alarm"][data-camera-id="cam-002"][data-state="acknowledged"]')
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/phone-camera-alarm-${size.width}.png` });
    const [acked] = await openAlarms('cam-002');
    assert.equal(acked?.state, 'acknowledged');
    assert.equal(acked?.acknowledgedBy !== null, true);

    // The camera comes back: a live picture on the 320-wide substream, frames advancing.
    await stack.sim.setMode('cam-002', 'normal');
    await page.waitForFunction(
      () => {
        const t = document.querySelector<HTMLElement>('[data-testid="m-video"] [data-testid="tile"]');
        return (
          t?.dataset.state === 'live' && t.dataset.stream === 'sub' && (t.querySelector('video')?.videoWidth ?? 0) > 0
        );
      },
      null,
      { timeout: 40_000, polling: 250 },
    );
    const a = await tileInfo(page);
    await page.waitForTimeout(2000);
    const b = await tileInfo(page);
    assert.equal(b.width, 320, 'the phone decodes the substream');
    assert.ok(b.frames - a.frames >= 10, `live frames advance (${b.frames - a.frames} in 2 s)`);
    await page.screenshot({ path: `${SHOTS}/phone-camera-${size.width}.png` });

    // Hidden: the consumer is paused (track detached, no frames); shown again: it plays again.
    await setHidden(page, true);
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-testid="m-video"] [data-testid="tile"]')?.dataset.stream === 'none',
      null,
      { timeout: 5000 },
    );
    assert.equal(await page.getByTestId('m-video').getAttribute('data-paused'), 'true');
    const h1 = await tileInfo(page);
    await page.waitForTimeout(2000);
    const h2 = await tileInfo(page);
    assert.ok(h2.frames - h1.frames <= 1, `no frames while hidden (${h2.frames - h1.frames})`);
    await setHidden(page, false);
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-testid="m-video"] [data-testid="tile"]')?.dataset.stream === 'sub',
      null,
      { timeout: 10_000 },
    );
    const v1 = await tileInfo(page);
    await page.waitForTimeout(2000);
    const v2 = await tileInfo(page);
    assert.ok(v2.frames - v1.frames >= 10, `frames again once visible (${v2.frames - v1.frames} in 2 s)`);
  } finally {
    await stack.sim.setMode('cam-002', 'normal').catch(() => undefined);
    await stack.sim.setMode('cam-005', 'normal').catch(() => undefined);
    await page.close();
  }
});

test('412×915: sign in back to the camera asked for, its swipes live; installable shell and its offline state', async () => {
  const size = VIEWPORTS[1];
  const page = await phonePage(size);
  try {
    await page.goto(`${stack.url}/m/camera/cam-001`);
    await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
    await page.getByTestId('login-form').waitFor();
    await page.screenshot({ path: `${SHOTS}/phone-login-${size.width}.png` });
    await signIn(page);
    // Back where the user wanted to go, not the role's start page.
    await page.waitForURL((u) => u.pathname === '/m/camera/cam-001', { timeout: 15_000 });
    await page.waitForFunction(
      () => {
        const t = document.querySelector<HTMLElement>('[data-testid="m-video"] [data-testid="tile"]');
        return t?.dataset.state === 'live' && (t.querySelector('video')?.videoWidth ?? 0) === 320;
      },
      null,
      { timeout: 40_000, polling: 250 },
    );
    // A swipe at the camera's terminal arrives live in its list.
    await postSwipe('t-01-1');
    await page.locator('[data-testid="swipe-list-item"]').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/phone-camera-${size.width}.png` });

    // An out-of-region camera is refused with a clear message (no video element at all).
    await page.goto(`${stack.url}/m/camera/cam-009`);
    await page.getByTestId('m-camera-missing').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-testid="tile"]').count(), 0);

    // The alarm list at this size, with one alarm of the region.
    await stack.sim.setMode('cam-003', 'cut');
    await page.goto(`${stack.url}/m`);
    await page.locator('[data-testid="alarm"][data-camera-id="cam-003"]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/phone-alarms-${size.width}.png` });

    // Installable: a manifest starting at /m, standalone, with icons; a service worker runs.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(new URL(manifestHref!, stack.url).href)).json()) as {
      start_url: string;
      display: string;
      icons: { src: string; sizes: string }[];
    };
    assert.equal(manifest.start_url, '/m');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512'));
    for (const icon of manifest.icons) assert.equal((await page.request.get(`${stack.url}${icon.src}`)).status(), 200);
    const active = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.active?.state ?? null;
    });
    assert.ok(active === 'activated' || active === 'activating', `service worker ${active}`);

    // Offline: the cached shell opens and says so (no session can be checked).
    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('offline').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/phone-offline-${size.width}.png` });
    await page.context().setOffline(false);
  } finally {
    await stack.sim.setMode('cam-003', 'normal').catch(() => undefined);
    await page.close();
  }
});

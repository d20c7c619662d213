import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { RegistrySnapshot, SwipeIngestResponse, SwipeInInput } from '@clinicwall/contract';
import { swipeRequestHeaders } from '../../server/src/adapters/http/swipeSignature.ts';
import { startStack, waitForTiles, type Stack } from './harness.ts';

/**
 * Swipes on tiles, end to end: signed webhook → server → socket → the right tile; focus list;
 * resume after the wall lost its socket; the /swipes list and its card filter; the terminal mapping
 * page. Secrets are generated per run and live only in this process and the server it starts.
 */
const INTEGRATION = 'e2e-his';
const SECRET = randomBytes(24).toString('hex');
const ENV = {
  SWIPE_INTEGRATIONS: `${INTEGRATION}:${SECRET}`,
  CARD_HASH_KEY: randomBytes(24).toString('hex'),
};
const SHOTS = 'var/screenshots';
/** Overlays stay 60 s (?swipeSecs): this shared machine can be slow between two steps of a test. */
const WALL = '/wall?layout=16&page=1&swipeSecs=60';
/** Full card numbers used below: none of them may ever appear in a page. */
const CARDS = [
  '6222020200112341234',
  '6222020200198765678',
  '6217000010004567890',
  '6228480402564890018',
  '6222020200155550001',
  '6222020200166660002',
];

let stack: Stack;
let page: Page;
let registry: RegistrySnapshot;

function clinicCode(terminalId: string): string {
  const t = registry.terminals.find((x) => x.id === terminalId);
  const code = registry.clinics.find((c) => c.id === t?.clinicId)?.code;
  assert.ok(code, `terminal ${terminalId} has a clinic`);
  return code;
}

let seq = 0;
/** Posts one signed swipe; returns its swipeId and event id. */
async function postSwipe(
  terminalId: string,
  over: Partial<SwipeInInput> = {},
): Promise<{ swipeId: string; id: string; flags: string[] }> {
  seq++;
  const swipe: SwipeInInput = {
    swipeId: `e2e-${Date.now()}-${seq}-${randomUUID().slice(0, 8)}`,
    terminalId,
    clinicCode: registry.terminals.some((t) => t.id === terminalId) ? clinicCode(terminalId) : 'H000000000',
    occurredAt: new Date().toISOString(),
    cardNumber: CARDS[0]!,
    holderName: '张晓明',
    doctorId: 'D-0012',
    items: [
      { code: '310000001', name: '换药（小）', quantity: 1, unitPrice: 35 },
      { code: '310000002', name: '无菌纱布', quantity: 2, unitPrice: 4.5 },
      { code: '310000003', name: '碘伏消毒', quantity: 1, unitPrice: 12 },
    ],
    total: 56,
    currency: 'CNY',
    ...over,
  };
  const body = JSON.stringify(swipe);
  const res = await fetch(`${stack.url}/api/v1/swipes`, {
    method: 'POST',
    headers: swipeRequestHeaders(INTEGRATION, SECRET, body),
    body,
  });
  const text = await res.text();
  assert.ok(res.ok, `POST /api/v1/swipes: ${res.status} ${text}`);
  const result = (JSON.parse(text) as SwipeIngestResponse).results[0]!;
  return { swipeId: swipe.swipeId, id: result.id, flags: result.flags };
}

/** Which tiles show an overlay for this swipe (camera ids). */
async function tilesShowing(p: Page, swipeId: string): Promise<string[]> {
  return p.evaluate(
    (swipeId) =>
      [...document.querySelectorAll(`[data-testid="swipe-overlay"][data-swipe-id="${swipeId}"]`)].map(
        (o) => o.closest<HTMLElement>('[data-testid="tile"]')?.dataset.cameraId ?? '?',
      ),
    swipeId,
  );
}

async function waitOverlay(p: Page, cameraId: string, swipeId: string, timeoutMs = 5000): Promise<void> {
  await p.waitForFunction(
    ([cam, id]) =>
      document.querySelector(
        `[data-testid="tile"][data-camera-id="${cam}"] [data-testid="swipe-overlay"][data-swipe-id="${id}"]`,
      ) !== null,
    [cameraId, swipeId] as const,
    { timeout: timeoutMs, polling: 50 },
  );
}

async function waitFeedLive(p: Page, timeoutMs = 30_000): Promise<void> {
  await p.waitForFunction(
    () => document.querySelector('[data-testid="swipe-feed"]')?.getAttribute('data-state') === 'live',
    null,
    { timeout: timeoutMs, polling: 100 },
  );
}

async function assertNoFullCardNumber(p: Page): Promise<void> {
  const html = await p.content();
  for (const card of CARDS) assert.ok(!html.includes(card), 'a full card number is never in the page');
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack(16, ENV);
  registry = (await (await stack.api('/api/v1/registry')).json()) as RegistrySnapshot;
  page = await stack.newPage('operator', { viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.stack ?? e.message));
  await page.goto(`${stack.url}${WALL}`);
  await waitForTiles(page, 16, 'live', 60_000);
  await waitFeedLive(page);
  // Record when each swipe overlay first appears (page clock = wall clock of this machine).
  await page.evaluate(() => {
    const seen: Record<string, { at: number; cameraId: string }> = {};
    (window as unknown as { __swipeSeen: typeof seen }).__swipeSeen = seen;
    new MutationObserver(() => {
      for (const o of document.querySelectorAll<HTMLElement>('[data-testid="swipe-overlay"]')) {
        const id = o.dataset.swipeId!;
        if (!seen[id])
          seen[id] = {
            at: performance.timeOrigin + performance.now(),
            cameraId: o.closest<HTMLElement>('[data-testid="tile"]')?.dataset.cameraId ?? '?',
          };
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
});

after(async () => {
  await stack?.close();
});

test('a signed swipe for a mapped terminal appears on its camera tile within 1 s, and on no other tile', async () => {
  const targets: [string, string][] = [
    ['t-01-1', 'cam-001'],
    ['t-02-1', 'cam-005'],
    ['t-03-4', 'cam-012'],
    ['t-04-1', 'cam-013'],
    ['t-02-4', 'cam-008'],
  ];
  // One swipe first that reaches no tile: the server's first ingest warms up (JIT, stores).
  const w0 = Date.now();
  await postSwipe('t-warm-up', { cardNumber: CARDS[1]! });
  console.log(`[swipes e2e] first POST (cold): ${Date.now() - w0} ms`);
  const delays: number[] = [];
  const posts: number[] = [];
  for (const [terminal, cam] of targets) {
    const t0 = Date.now();
    const { swipeId } = await postSwipe(terminal, { cardNumber: CARDS[1]! });
    posts.push(Date.now() - t0);
    await waitOverlay(page, cam, swipeId, 3000);
    const seen = await page.evaluate(
      (id) => (window as unknown as { __swipeSeen: Record<string, { at: number; cameraId: string }> }).__swipeSeen[id],
      swipeId,
    );
    assert.ok(seen, 'the overlay was observed');
    assert.equal(seen.cameraId, cam);
    delays.push(seen.at - t0);
    assert.deepEqual(await tilesShowing(page, swipeId), [cam], `${swipeId} shows on ${cam} only`);
    if (cam === 'cam-001') {
      // What the operator reads on the tile: masked card and name, doctor, items, amount.
      const text = await page
        .locator('[data-testid="tile"][data-camera-id="cam-001"] [data-testid="swipe-overlay"]')
        .innerText();
      assert.match(text, /\*\*\*\* 5678/);
      assert.match(text, /张\*明|张\*\*/);
      assert.match(text, /医生 D-0012/);
      assert.match(text, /换药（小）/);
      assert.match(text, /\+1 项/);
      assert.match(text, /¥56\.00/);
    }
  }
  const sorted = [...delays].sort((a, b) => a - b);
  console.log(
    `[swipes e2e] webhook → tile overlay: ${delays.map((d) => d.toFixed(0)).join(', ')} ms ` +
      `(median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms); ` +
      `POST round trip ${posts.join(', ')} ms`,
  );
  for (const d of delays) assert.ok(d < 1000, `overlay within 1 s (took ${d.toFixed(0)} ms)`);
  await assertNoFullCardNumber(page);
});

test('several cards at one terminal show the multi-card warning on the tile', async () => {
  const posted = [];
  for (const card of CARDS.slice(0, 3)) posted.push(await postSwipe('t-04-4', { cardNumber: card }));
  const last = posted[2]!;
  assert.ok(last.flags.includes('multi_card'), `the server flagged the third card (${last.flags.join(',')})`);
  await waitOverlay(page, 'cam-016', last.swipeId);
  const overlay = page.locator('[data-testid="tile"][data-camera-id="cam-016"] [data-testid="swipe-overlay"]');
  assert.match((await overlay.getAttribute('data-flags')) ?? '', /multi_card/);
  assert.match(await overlay.innerText(), /同一终端多张卡/);
  // The two earlier swipes are still in their display time: "+2".
  assert.match(await overlay.innerText(), /\+2/);
});

/** 03:00 in Beijing (UTC+8) at least a day ago (so no swipe of the other tests is near it), as an ISO time. */
function nightBefore(): string {
  const local = new Date(Date.now() + 8 * 3600_000);
  let t = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 3) - 8 * 3600_000;
  while (t > Date.now() - 24 * 3600_000) t -= 24 * 3600_000;
  return new Date(t).toISOString();
}

test('a night swipe, and the same card at a distant clinic, show their warnings on one line of the tile', async () => {
  // Desheng Dental (c-04, cam-013) opens 09:00-18:00 every day.
  const night = await postSwipe('t-04-1', { cardNumber: CARDS[4]!, occurredAt: nightBefore() });
  assert.deepEqual(night.flags, ['after_hours']);
  await waitOverlay(page, 'cam-013', night.swipeId);
  const nightOverlay = page.locator('[data-testid="tile"][data-camera-id="cam-013"] [data-testid="swipe-overlay"]');
  assert.match((await nightOverlay.getAttribute('data-flags')) ?? '', /after_hours/);
  assert.match(await nightOverlay.innerText(), /非营业时间刷卡/);

  // The same card at Hepingli Hospital (c-02, open around the clock), 7.6 km away, at the same
  // moment, with a total that does not add up: three flags, two labels and "+1" on one line.
  const at = nightBefore();
  await postSwipe('t-02-4', { cardNumber: CARDS[5]!, occurredAt: at });
  const far = await postSwipe('t-04-4', { cardNumber: CARDS[5]!, occurredAt: at, total: 99 });
  assert.deepEqual(far.flags, ['card_travel', 'after_hours', 'total_mismatch']);
  await waitOverlay(page, 'cam-016', far.swipeId);
  const overlay = page.locator('[data-testid="tile"][data-camera-id="cam-016"] [data-testid="swipe-overlay"]');
  const text = await overlay.innerText();
  assert.match(text, /同卡短时异地刷卡/);
  assert.match(text, /\+1/);
  const line = await overlay.locator('.flags').evaluate((el) => {
    const chips = [...el.children].filter((c) => getComputedStyle(c).display !== 'none');
    return { tops: new Set(chips.map((c) => Math.round(c.getBoundingClientRect().top))).size, shown: chips.length };
  });
  assert.deepEqual(line, { tops: 1, shown: 3 }, 'two labels and "+1", on one line');
  await overlay.screenshot({ path: `${SHOTS}/swipe-overlay-flags.png` });
  await assertNoFullCardNumber(page);
});

test('the focused tile lists the camera’s recent swipes, newest first, and new ones join the top', async () => {
  const a = await postSwipe('t-03-1', {
    cardNumber: CARDS[2]!,
    total: 12,
    items: [{ code: 'x', name: '挂号', quantity: 1, unitPrice: 12 }],
  });
  const b = await postSwipe('t-03-1', { cardNumber: CARDS[2]! });
  await waitOverlay(page, 'cam-009', b.swipeId);
  await page.locator('[data-testid="tile"][data-camera-id="cam-009"]').dblclick();
  await page.waitForSelector('[data-testid="focus-view"] [data-testid="swipe-list"]', { timeout: 10_000 });
  const listed = () =>
    page
      .locator('[data-testid="swipe-list-item"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.swipeId ?? ''));
  await page.waitForFunction(
    (ids) => ids.every((id) => document.querySelector(`[data-testid="swipe-list-item"][data-swipe-id="${id}"]`)),
    [a.swipeId, b.swipeId],
    { timeout: 5000 },
  );
  let ids = await listed();
  assert.ok(ids.indexOf(b.swipeId) < ids.indexOf(a.swipeId), 'newest first');
  const c = await postSwipe('t-03-1', { cardNumber: CARDS[2]! });
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="swipe-list-item"]')?.getAttribute('data-swipe-id') === id,
    c.swipeId,
    { timeout: 3000 },
  );
  ids = await listed();
  assert.deepEqual(ids.slice(0, 3), [c.swipeId, b.swipeId, a.swipeId]);
  assert.equal(new Set(ids).size, ids.length, 'each swipe listed once');
  await page.screenshot({ path: `${SHOTS}/wall-focus-swipes.png` });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="wall-grid"]');
});

test('a wall that lost its socket shows the swipes it missed after it reconnects, in order, once each', async () => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const offline = (on: boolean) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: on,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  const missed: string[] = [];
  let firstEver = '';
  await offline(true);
  try {
    // Right away (the server may still push into the dead socket), then once the wall noticed.
    missed.push((await postSwipe('t-02-1', { cardNumber: CARDS[3]! })).swipeId);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="swipe-feed"]')?.getAttribute('data-state') !== 'live',
      null,
      { timeout: 20_000 },
    );
    missed.push((await postSwipe('t-02-1', { cardNumber: CARDS[3]! })).swipeId);
    missed.push((await postSwipe('t-02-1', { cardNumber: CARDS[3]! })).swipeId);
    // A camera that had no swipe before the blip (its resume point is the stream head at subscribe).
    firstEver = (await postSwipe('t-01-4', { cardNumber: CARDS[1]! })).swipeId;
  } finally {
    await offline(false);
  }
  await cdp.detach();
  await waitFeedLive(page, 45_000);
  // The newest missed swipe is on the tile, marked as delivered late.
  await waitOverlay(page, 'cam-005', missed[2]!, 10_000);
  const overlay = page.locator('[data-testid="tile"][data-camera-id="cam-005"] [data-testid="swipe-overlay"]');
  assert.equal(await overlay.getAttribute('data-late'), 'true');
  assert.match(await overlay.innerText(), /补发/);
  await waitOverlay(page, 'cam-004', firstEver, 5000);
  // The focused list has all three, newest first, once each.
  await page.locator('[data-testid="tile"][data-camera-id="cam-005"]').dblclick();
  await page.waitForSelector('[data-testid="swipe-list-item"]', { timeout: 10_000 });
  const ids = await page
    .locator('[data-testid="swipe-list-item"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.swipeId ?? ''));
  const mine = ids.filter((id) => missed.includes(id));
  assert.deepEqual(mine, [...missed].reverse(), 'all missed swipes, in order, once each');
  assert.equal(new Set(ids).size, ids.length, 'no duplicates in the list');
  await page.keyboard.press('Escape');
});

test('/swipes lists the swipes, and clicking a card ID filters by that card', async () => {
  const p = await stack.newPage('operator', { viewport: { width: 1600, height: 1000 } });
  try {
    await p.goto(`${stack.url}/swipes`);
    await p.waitForSelector('[data-testid="swipe-row"]', { timeout: 15_000 });
    const rows = await p.locator('[data-testid="swipe-row"]').count();
    assert.ok(rows >= 15, `the list shows the swipes posted so far (${rows})`);
    // Newest first.
    const eventIds = await p
      .locator('[data-testid="swipe-row"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventId ?? ''));
    const order = eventIds.map((id) => id.split('-').map(Number) as [number, number]);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      assert.ok(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]), 'newest first');
    }
    // Card 4 was used exactly for the three swipes the wall missed above.
    const row = p.locator('[data-testid="swipe-row"]', { hasText: '**** 0018' }).first();
    const hash = await row.getAttribute('data-card-hash');
    assert.ok(hash);
    await row.locator('[data-testid="card-hash"]').click();
    await p.waitForURL(/cardHash=/);
    await p.waitForFunction(
      (hash) => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="swipe-row"]')];
        return (
          document.querySelector('[data-testid="swipes-results"]')?.getAttribute('data-phase') === 'ready' &&
          rows.length > 0 &&
          rows.every((r) => r.dataset.cardHash === hash)
        );
      },
      hash,
      { timeout: 10_000 },
    );
    assert.equal(await p.locator('[data-testid="swipe-row"]').count(), 3);
    assert.match(await p.locator('[data-testid="card-filter-active"]').innerText(), /已按卡标识/);
    await assertNoFullCardNumber(p);

    // On a phone, in Chinese: the same list as cards.
    const phone = await stack.newPage('operator', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      deviceScaleFactor: 2,
    });
    try {
      await phone.goto(`${stack.url}/swipes`);
      await phone.waitForSelector('[data-testid="swipe-row"]', { timeout: 15_000 });
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);
      // The filters fold behind a button so the list comes first.
      assert.equal(await phone.locator('[data-testid="filter-clinic"]').isVisible(), false);
      await phone.locator('[data-testid="filter-toggle"]').click();
      assert.equal(await phone.locator('[data-testid="filter-clinic"]').isVisible(), true);
      await phone.locator('[data-testid="filter-toggle"]').click();
      await phone.screenshot({ path: `${SHOTS}/swipes-phone-390.png` });
    } finally {
      await phone.close();
    }
  } finally {
    await p.close();
  }
});

test('the mapping page moves a terminal to another camera; the next swipe lands on that tile', async () => {
  const p = await stack.newPage('admin', { viewport: { width: 1400, height: 1000 } });
  try {
    await p.goto(`${stack.url}/admin/terminals`);
    await p.waitForSelector('[data-testid="terminal-row"]', { timeout: 15_000 });
    // The admin's session is all it takes (no token to enter).
    await p.waitForSelector('[data-testid="unmapped"][data-phase="ready"]', { timeout: 10_000 });

    const row = p.locator('[data-testid="terminal-row"][data-terminal-id="t-01-1"]');
    await row.locator('[data-testid="terminal-camera"]').selectOption('cam-002');
    await row.locator('[data-testid="terminal-save"][data-state="saved"]').waitFor({ timeout: 10_000 });
    assert.equal(await row.getAttribute('data-camera-id'), 'cam-002');

    const moved = await postSwipe('t-01-1', { cardNumber: CARDS[1]! });
    await waitOverlay(page, 'cam-002', moved.swipeId, 3000);
    assert.deepEqual(await tilesShowing(page, moved.swipeId), ['cam-002']);

    // A swipe at an unknown terminal is kept and listed for admins.
    const lost = await postSwipe('t-nowhere-9', { cardNumber: CARDS[1]! });
    assert.ok(lost.flags.includes('unmapped'));
    await p.reload();
    await p.waitForSelector(`[data-testid="unmapped"] [data-testid="swipe-row"][data-swipe-id="${lost.swipeId}"]`, {
      timeout: 10_000,
    });
    await p.screenshot({ path: `${SHOTS}/admin-terminals.png`, fullPage: true });
  } finally {
    await p.close();
  }
});

test('screenshots: the wall with swipe overlays at 16 and 64 tiles', async () => {
  // Fresh swipes on a few tiles, with and without flags.
  for (const [t, card] of [
    ['t-01-4', CARDS[0]!],
    ['t-02-1', CARDS[1]!],
    ['t-03-4', CARDS[2]!],
    ['t-04-1', CARDS[3]!],
  ] as const)
    await postSwipe(t, { cardNumber: card });
  for (const card of CARDS.slice(0, 3)) await postSwipe('t-03-1', { cardNumber: card });
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${SHOTS}/wall-16-swipes.png` });
  await page.goto(`${stack.url}/wall?layout=64&page=1&swipeSecs=60`);
  await waitForTiles(page, 16, 'live', 45_000);
  await waitFeedLive(page);
  for (const t of ['t-01-1', 't-02-4', 't-03-1', 't-04-4']) await postSwipe(t, { cardNumber: CARDS[0]! });
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${SHOTS}/wall-64-swipes.png` });
  const overlays = await page.locator('[data-testid="swipe-overlay"]').count();
  assert.ok(overlays >= 4, `overlays on the 64-tile wall (${overlays})`);
});

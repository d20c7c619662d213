import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { RegistrySnapshot } from '@clinicwall/contract';
import { startStack, waitForTiles, type Stack } from './harness.ts';

/**
 * Alarms on the wall, end to end: a simulated camera's feed is cut -> the SFU reports signal loss ->
 * the alarm engine raises it -> the wall's panel lists it and the tile is framed; an operator
 * acknowledges it; the feed comes back -> the alarm clears. A maintenance report filed through the
 * form marks a later alarm of its camera as reported. The ledger page takes an inspector's entry
 * and an annulment. Screenshots go to var/screenshots/.
 */

const SHOTS = 'var/screenshots';
let stack: Stack;
let page: Page;
let registry: RegistrySnapshot;
/** The alarm of the first test's cut, which becomes a ledger entry. */
let cutAlarmId = '';

/** A datetime-local value (the browser runs in this process's time zone). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const alarmOf = (cam: string, extra = '') => `[data-testid="alarm"][data-camera-id="${cam}"]${extra}`;
const openAlarmOf = (cam: string) => `${alarmOf(cam)}:not([data-state="cleared"])`;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // An unreported alarm becomes a ledger entry after 4 s (default 10 min), so the ledger has one.
  stack = await startStack(16, { ALARM_VIOLATION_AFTER_S: '4' });
  registry = (await (await stack.api('/api/v1/registry', {}, 'admin')).json()) as RegistrySnapshot;
  page = await stack.newPage('operator', { viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${stack.url}/wall?layout=16&page=1&alarms=1`);
  await waitForTiles(page, 16, 'live', 45_000);
  await page.waitForSelector('[data-testid="alarm-button"][data-status="live"]', { timeout: 15_000 });
});

after(async () => {
  await stack?.close();
});

test('a cut camera raises signal_loss in the panel and frames its tile; ack shows the actor; restored, it clears', async () => {
  const cam = 'cam-006';
  const cutAt = Date.now();
  await stack.sim.setMode(cam, 'cut');
  const alarm = page.locator(openAlarmOf(cam));
  await alarm.waitFor({ timeout: 10_000 });
  const seenAfter = Date.now() - cutAt;
  assert.equal(await alarm.getAttribute('data-kind'), 'signal_loss');
  assert.equal(await alarm.getAttribute('data-state'), 'active');
  assert.match((await alarm.textContent()) ?? '', /信号中断/);
  console.log(`signal_loss alarm on the wall ${seenAfter} ms after the cut`);

  // The tile is framed, and the header counts the alarm.
  const tile = page.locator(`[data-testid="tile"][data-camera-id="${cam}"]`);
  assert.equal(await tile.getAttribute('data-alarm'), 'active');
  assert.ok(await tile.getByTestId('tile-alarm').isVisible());
  assert.ok(Number(await page.getByTestId('alarm-button').getAttribute('data-count')) >= 1);
  await page.screenshot({ path: `${SHOTS}/alarms-wall-1920.png` });

  // Clearing a signal_loss before the signal is back is refused, with the server's message.
  await alarm.getByTestId('alarm-clear').click();
  await alarm.getByTestId('alarm-text').fill('误报测试');
  await alarm.getByTestId('alarm-submit').click();
  await alarm.getByTestId('alarm-error').waitFor({ timeout: 5000 });
  assert.match((await alarm.getByTestId('alarm-error').textContent()) ?? '', /操作失败/);

  // Acknowledge with a note: the alarm says who took it, and the history has the note.
  await alarm.getByTestId('alarm-ack').click();
  await alarm.getByTestId('alarm-text').fill('已通知诊所检查网络');
  await alarm.getByTestId('alarm-submit').click();
  await page.waitForSelector(`${openAlarmOf(cam)}[data-state="acknowledged"]`, { timeout: 5000 });
  const ackedBy = (await alarm.getByTestId('alarm-acked-by').textContent()) ?? '';
  assert.match(ackedBy, /于 \d{2}:\d{2}:\d{2} 确认/);
  await alarm.getByTestId('alarm-history-toggle').click();
  assert.match((await alarm.getByTestId('alarm-history').textContent()) ?? '', /已通知诊所检查网络/);
  assert.equal(await tile.getAttribute('data-alarm'), 'acknowledged');
  // Unreported past the threshold: recorded in the clinic's ledger, marked on the alarm.
  await alarm.locator('.mark.violation').waitFor({ timeout: 15_000 });
  cutAlarmId = (await alarm.getAttribute('data-alarm-id')) ?? '';

  // The feed comes back: the alarm is cleared by the system and leaves the open list.
  await stack.sim.setMode(cam, 'normal');
  await page.waitForFunction(
    ([open, cleared]) => !document.querySelector(open!) && !!document.querySelector(cleared!),
    [openAlarmOf(cam), alarmOf(cam, '[data-state="cleared"]')] as const,
    { timeout: 45_000, polling: 250 },
  );
  await page.waitForFunction(
    (cam) =>
      document.querySelector(`[data-testid="tile"][data-camera-id="${cam}"]`)?.getAttribute('data-alarm') === 'none',
    cam,
    { timeout: 5000 },
  );
});

test('a maintenance report filed in the form marks the next alarm of its camera as reported', async () => {
  // The clinic user files for a camera of its own clinic (it sees only that clinic, preselected).
  const cam = 'cam-003';
  const form = await stack.newPage('clinic', { viewport: { width: 1400, height: 900 } });
  form.on('pageerror', (e) => console.error('[page error]', e.message));
  try {
    await form.goto(`${stack.url}/maintenance`);
    await form.getByTestId('maint-cameras').waitFor({ timeout: 15_000 });
    await form.locator(`[data-testid="maint-cameras"] input[value="${cam}"]`).check();
    // A window that began two minutes ago: accepted, marked late, excusing time from now on.
    const [start, end] = [localInput(Date.now() - 120_000), localInput(Date.now() + 3_600_000)];
    await form.getByTestId('maint-start').fill(start);
    await form.getByTestId('maint-end').fill(end);
    await form.getByTestId('maint-late-warning').waitFor();
    await form.getByTestId('maint-reason').fill('更换摄像机电源（端到端测试）');
    await form.getByTestId('maint-submit').click();
    await form.getByTestId('maint-filed').waitFor({ timeout: 10_000 });
    assert.equal(await form.getByTestId('maint-filed').getAttribute('data-late'), 'true');
    await form.locator('[data-testid="maint-report"][data-late="true"]').first().waitFor({ timeout: 5000 });
    await form.screenshot({ path: `${SHOTS}/maintenance.png`, fullPage: true });
  } finally {
    await form.close();
  }

  await stack.sim.setMode(cam, 'cut');
  try {
    await page.waitForSelector(`${openAlarmOf(cam)}[data-reported="true"]`, { timeout: 15_000 });
    const alarm = page.locator(openAlarmOf(cam));
    assert.ok(await alarm.getByTestId('alarm-reported').isVisible());
    assert.ok(await alarm.getByTestId('alarm-late').isVisible());
  } finally {
    await stack.sim.setMode(cam, 'normal');
  }
  await page.waitForSelector(alarmOf(cam, '[data-state="cleared"]'), { state: 'attached', timeout: 45_000 });
});

test('the ledger page: the system entry of the cut; an inspector entry, then annulled (kept, with its reason)', async () => {
  assert.ok(cutAlarmId, 'the first test saw the cut become a violation');
  const clinicId = registry.cameras.find((c) => c.id === 'cam-006')!.clinicId;
  // A supervisor of the clinic's region: reads the ledger and records inspection findings.
  const ledger = await stack.newPage('supervisor', { viewport: { width: 1920, height: 1080 } });
  ledger.on('pageerror', (e) => console.error('[page error]', e.message));
  try {
    await ledger.goto(`${stack.url}/ledger/${clinicId}`);
    await ledger.waitForSelector('[data-testid="ledger-page"][data-phase="ready"]', { timeout: 15_000 });
    const before = Number(await ledger.getByTestId('ledger-summary').getAttribute('data-total'));
    // The cut of cam-006 (unreported, past the threshold): a category 1 system entry with its minutes.
    const system = ledger.locator(`[data-testid="ledger-entry"][data-alarm-id="${cutAlarmId}"]`);
    await system.waitFor({ timeout: 5000 });
    assert.equal(await system.getAttribute('data-category'), '1');
    assert.match((await system.textContent()) ?? '', /系统记录/);
    assert.ok(before >= 1);

    const form = ledger.getByTestId('ledger-inspector-form');
    await form.locator('input[name="category"][value="4"]').check();
    await form.getByTestId('ledger-note').fill('稽查时机房门锁闭，拒绝维护人员进入（端到端测试）');
    await form.getByTestId('ledger-add').click();
    const entry = ledger.locator('[data-testid="ledger-entry"][data-category="4"][data-annulled="false"]').first();
    await entry.waitFor({ timeout: 10_000 });
    await ledger.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="ledger-summary"]')?.getAttribute('data-total')) === n,
      before + 1,
      { timeout: 10_000 },
    );
    assert.ok(await ledger.locator('[data-testid="ledger-trend"] svg').isVisible());
    assert.match((await ledger.getByTestId('ledger-csv').getAttribute('href')) ?? '', /\/ledger\.csv\?from=/);

    const id = await entry.getAttribute('data-entry-id');
    await entry.getByTestId('ledger-annul').click();
    await entry.getByTestId('ledger-annul-reason').fill('录入有误，重新核实');
    await entry.getByTestId('ledger-annul-submit').click();
    const annulled = ledger.locator(`[data-testid="ledger-entry"][data-entry-id="${id}"][data-annulled="true"]`);
    await annulled.waitFor({ timeout: 10_000 });
    assert.match((await annulled.getByTestId('ledger-annulment').textContent()) ?? '', /录入有误，重新核实/);
    await ledger.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="ledger-summary"]')?.getAttribute('data-total')) === n,
      before,
      { timeout: 10_000 },
    );
    await ledger.screenshot({ path: `${SHOTS}/ledger-1920.png`, fullPage: true });
  } finally {
    await ledger.close();
  }
});

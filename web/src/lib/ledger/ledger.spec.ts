import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerTrendDay } from '@clinicwall/contract';
import { niceScale, trendChart } from './chart.ts';
import { inspectorBody, inspectorServerErrors, validateInspectorForm } from './inspector.ts';
import { checkRange, lastDays, localDay, rangeDays, rangeFromSearch, rangeSearch } from './range.ts';

const NOW = Date.parse('2026-11-23T17:30:00Z'); // 01:30 on the 24th in China

test('days are China calendar days', () => {
  assert.equal(localDay(NOW), '2026-11-24');
  assert.equal(localDay(NOW, 0), '2026-11-23');
  assert.deepEqual(lastDays(7, NOW), { from: '2026-11-18', to: '2026-11-24' });
  assert.deepEqual(lastDays(1, NOW), { from: '2026-11-24', to: '2026-11-24' });
  assert.equal(rangeDays({ from: '2026-11-01', to: '2026-11-30' }), 30);
});

test('a range from the URL is used when valid, else the last 30 days', () => {
  assert.deepEqual(rangeFromSearch(new URLSearchParams('from=2026-10-01&to=2026-10-31'), NOW), {
    from: '2026-10-01',
    to: '2026-10-31',
  });
  assert.deepEqual(rangeFromSearch(new URLSearchParams('from=2026-10-31&to=2026-10-01'), NOW), lastDays(30, NOW));
  assert.deepEqual(rangeFromSearch(new URLSearchParams('from=2026-02-30&to=2026-03-01'), NOW), lastDays(30, NOW));
  assert.equal(rangeSearch({ from: '2026-10-01', to: '2026-10-31' }), '?from=2026-10-01&to=2026-10-31');
});

test('range problems name the field', () => {
  assert.equal(checkRange({ from: '2026-11-01', to: '2026-11-30' }), null);
  assert.equal(checkRange({ from: '2026-11-30', to: '2026-11-01' })?.field, 'to');
  assert.equal(checkRange({ from: 'yesterday', to: '2026-11-01' })?.field, 'from');
  assert.equal(checkRange({ from: '2025-01-01', to: '2026-11-01' })?.field, 'to', 'at most 366 days');
});

test('the y axis is a round number with at most 5 whole steps', () => {
  assert.deepEqual(niceScale(0), { top: 1, step: 1 });
  assert.deepEqual(niceScale(3), { top: 3, step: 1 });
  assert.deepEqual(niceScale(7), { top: 8, step: 2 });
  assert.deepEqual(niceScale(23), { top: 25, step: 5 });
  assert.deepEqual(niceScale(180), { top: 200, step: 50 });
});

const day = (date: string, c: [number, number, number, number, number], minutes = 0): LedgerTrendDay => ({
  date,
  counts: { 1: c[0], 2: c[1], 3: c[2], 4: c[3], 5: c[4] },
  minutes,
});

test('bars stack the categories from 1 at the bottom and fit the plot', () => {
  const box = { width: 400, height: 200, left: 30, right: 10, top: 10, bottom: 30 };
  const chart = trendChart([day('2026-11-01', [2, 1, 0, 0, 1], 34), day('2026-11-02', [0, 0, 0, 0, 0])], box);
  assert.equal(chart.yMax, 4);
  const [a, b] = chart.bars;
  assert.equal(a!.total, 4);
  assert.equal(a!.minutes, 34);
  assert.deepEqual(
    a!.segments.map((s) => s.category),
    [1, 2, 5],
  );
  const bottom = box.top + chart.plot.height;
  assert.equal(a!.segments[0]!.y + a!.segments[0]!.height, bottom, 'category 1 sits on the axis');
  assert.ok(Math.abs(a!.segments[2]!.y - box.top) < 1e-9, 'the tallest bar reaches the top');
  assert.deepEqual(b!.segments, []);
  assert.ok(a!.x >= box.left && b!.x + b!.width <= box.width - box.right);
  assert.deepEqual(
    chart.ticks.map((t) => t.value),
    [0, 1, 2, 3, 4],
  );
});

test('long ranges label about ten days, always the last one', () => {
  const trend = Array.from({ length: 90 }, (_, i) => day(`d${i}`, [0, 0, 0, 0, 0]));
  const chart = trendChart(trend, { width: 900, height: 200, left: 30, right: 10, top: 10, bottom: 30 });
  const labelled = chart.bars.filter((b) => b.labelled);
  assert.ok(labelled.length >= 9 && labelled.length <= 11, String(labelled.length));
  assert.equal(chart.bars.at(-1)!.labelled, true);
  const narrow = trendChart(trend, { width: 300, height: 200, left: 30, right: 10, top: 10, bottom: 30 });
  assert.ok(narrow.bars.filter((b) => b.labelled).length <= 5, 'a phone-wide chart labels fewer days');
});

test('inspector entries: categories 3-5 with a note and a time', () => {
  const ok = { category: 4 as const, note: ' 拒绝维护人员进入 ', occurredAt: '2026-11-23T10:00', cameraIds: [] };
  assert.deepEqual(validateInspectorForm(ok), {});
  const bad = validateInspectorForm({ category: null, note: 'x', occurredAt: '', cameraIds: [] });
  assert.deepEqual(Object.keys(bad).sort(), ['category', 'note', 'occurredAt']);
  const body = inspectorBody('c-1', ok);
  assert.equal(body.note, '拒绝维护人员进入');
  assert.equal(body.category, 4);
  assert.match(body.occurredAt, /^2026-11-23T10:00:00[+-]\d{2}:\d{2}$/);
  assert.deepEqual(inspectorServerErrors({ category: 'inspectors record categories 3, 4 or 5' }, 'x'), {
    category: { text: 'inspectors record categories 3, 4 or 5' },
  });
  assert.deepEqual(inspectorServerErrors(undefined, 'forbidden'), { form: { text: 'forbidden' } });
});

test('category names come from the contract in the UI language', async () => {
  const { categoryName, CATEGORY_COLORS } = await import('./categories.ts');
  assert.equal(categoryName(1, 'zh-CN'), '断电断网致视频中断');
  assert.equal(categoryName(5, 'en'), 'Misuse of the dedicated video network');
  assert.equal(new Set(Object.values(CATEGORY_COLORS)).size, 5);
});

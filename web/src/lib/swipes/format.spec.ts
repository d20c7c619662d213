import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SWIPE_FLAGS } from '@clinicwall/contract';
import { en } from '../i18n/en.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import {
  flagSeverity,
  formatAmount,
  formatDateTime,
  formatSwipeTime,
  itemsSummary,
  maskedCard,
  shortHash,
  sortFlags,
} from './format.ts';

test('cards are shown masked: only the last four digits', () => {
  assert.equal(maskedCard('1234'), '**** 1234');
  assert.equal(maskedCard('6222020200112341234'), '**** 1234', 'even if a full number slipped through');
  assert.equal(maskedCard('34'), '**** **34');
  assert.equal(shortHash('0123456789abcdef0123456789abcdef'), '01234567');
});

test('items: the first two with quantities, then +N', () => {
  const items = [
    { code: 'A', name: '换药', quantity: 1, unitPrice: 35 },
    { code: 'B', name: '绷带', quantity: 2, unitPrice: 4.5 },
    { code: 'C', name: '碘伏', quantity: 1, unitPrice: 12 },
    { code: 'D', name: '棉签', quantity: 0.5, unitPrice: 2 },
  ];
  assert.deepEqual(itemsSummary(items), { shown: ['换药', '绷带 ×2'], more: 2 });
  assert.deepEqual(itemsSummary(items.slice(0, 1)), { shown: ['换药'], more: 0 });
  assert.deepEqual(itemsSummary(items, 1), { shown: ['换药'], more: 3 });
  assert.deepEqual(itemsSummary(items.slice(3)), { shown: ['棉签 ×0.5'], more: 0 });
});

test('amounts carry their currency', () => {
  assert.equal(formatAmount(1280.5, 'CNY', 'zh-CN'), '¥1,280.50');
  assert.match(formatAmount(35, 'CNY', 'en'), /^CN¥35\.00$/);
  assert.equal(formatAmount(12, 'XXQ', 'zh-CN').includes('XXQ'), true);
});

test('times: clock time on the same day, date and time otherwise', () => {
  const now = Date.parse('2026-11-23T08:00:00+08:00');
  assert.equal(formatSwipeTime('2026-11-23T09:31:05+08:00', 'zh-CN', now, 'Asia/Shanghai'), '09:31:05');
  assert.equal(formatSwipeTime('2026-11-22T09:31:05+08:00', 'zh-CN', now, 'Asia/Shanghai'), '11/22 09:31');
  assert.equal(formatSwipeTime('garbage', 'zh-CN', now), '');
  assert.equal(formatDateTime('2026-11-23T01:31:05Z', 'zh-CN', 'Asia/Shanghai'), '2026/11/23 09:31:05');
  assert.equal(formatDateTime('2026-11-23T01:31:05Z', 'en', 'UTC'), '23/11/2026, 01:31:05');
});

test('flags: warnings first, unmapped is information, unknown values dropped', () => {
  assert.equal(flagSeverity('multi_card'), 'warn');
  for (const f of ['card_travel', 'amount_outlier', 'after_hours'] as const) assert.equal(flagSeverity(f), 'warn');
  assert.equal(flagSeverity('unmapped'), 'info');
  assert.deepEqual(sortFlags(['unmapped', 'multi_card', 'bogus']), ['multi_card', 'unmapped']);
  assert.deepEqual(sortFlags([]), []);
});

test('every flag of the contract has a label in both languages', () => {
  for (const f of SWIPE_FLAGS) {
    assert.ok(zhCN[`swipes.flag.${f}`].length > 0, f);
    assert.ok(en[`swipes.flag.${f}`].length > 0, f);
  }
  assert.equal(zhCN['swipes.flag.multi_card'], '同一终端多张卡');
  assert.equal(zhCN['swipes.flag.after_hours'], '非营业时间刷卡');
  assert.equal(en['swipes.flag.card_travel'], 'Same card, distant clinic');
});

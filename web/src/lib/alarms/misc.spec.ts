import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALARM_ACTIONS, ALARM_KINDS, ALARM_STATES, ROLES, SYSTEM_REASONS } from '@clinicwall/contract';
import { zhCN } from '../i18n/zh-CN.ts';
import { pageOfCamera } from './locate.ts';
import { readMuted, readPanelOpen, saveMuted, savePanelOpen } from './prefs.ts';
import { parseReason, SYSTEM_REASON_CODES } from './reasons.ts';
import { ago, clockTime } from './time.ts';

test('every system reason code and alarm action/kind/state has a label', () => {
  for (const code of SYSTEM_REASON_CODES) assert.ok(`alarms.reason.${code}` in zhCN, code);
  for (const a of ALARM_ACTIONS) assert.ok(`alarms.action.${a}` in zhCN, a);
  for (const k of ALARM_KINDS) assert.ok(`alarms.kind.${k}` in zhCN, k);
  for (const s of ALARM_STATES) assert.ok(`alarms.state.${s}` in zhCN, s);
  for (const r of ROLES) assert.ok(`alarms.role.${r}` in zhCN, r);
});

test('reasons: system codes (with report ids), people’s words verbatim, nothing', () => {
  assert.deepEqual(parseReason('condition_held'), { kind: 'system', code: 'condition_held', params: {} });
  assert.deepEqual(parseReason(`${SYSTEM_REASONS.maintenanceReport}:r1,r2`), {
    kind: 'system',
    code: 'maintenance_report',
    params: { ids: 'r1, r2' },
  });
  assert.deepEqual(parseReason(' 摄像头被遮挡，已电话通知 '), { kind: 'text', text: '摄像头被遮挡，已电话通知' });
  assert.deepEqual(parseReason('note: see ticket'), { kind: 'text', text: 'note: see ticket' });
  assert.deepEqual(parseReason(''), { kind: 'none' });
});

test('ago: seconds, minutes, hours and minutes, days and hours', () => {
  const t = 1_000_000_000;
  assert.deepEqual(ago(t, t + 3000), { key: 'alarms.ago.now', params: {} });
  assert.deepEqual(ago(t, t + 42_500), { key: 'alarms.ago.seconds', params: { n: 42 } });
  assert.deepEqual(ago(t, t + 5 * 60_000 + 10), { key: 'alarms.ago.minutes', params: { n: 5 } });
  assert.deepEqual(ago(t, t + 2 * 3_600_000 + 7 * 60_000), { key: 'alarms.ago.hours', params: { h: 2, m: 7 } });
  assert.deepEqual(ago(t, t + 3 * 86_400_000 + 3_600_000), { key: 'alarms.ago.days', params: { d: 3, h: 1 } });
  assert.deepEqual(ago(t + 10_000, t), { key: 'alarms.ago.now', params: {} }, 'a clock slightly behind is "now"');
});

test('clockTime adds the date only for another day', () => {
  const d = new Date(2026, 10, 23, 9, 5, 7).getTime();
  assert.equal(clockTime(d, d + 3_600_000), '09:05:07');
  assert.equal(clockTime(d, d + 86_400_000), '11-23 09:05:07');
});

test('the mute and panel switches are remembered, and a broken storage is harmless', () => {
  const data = new Map<string, string>();
  const storage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
  assert.equal(readMuted(storage), false);
  saveMuted(true, storage);
  assert.equal(readMuted(storage), true);
  saveMuted(false, storage);
  assert.equal(readMuted(storage), false);
  savePanelOpen(true, storage);
  assert.equal(readPanelOpen(storage), true);
  assert.equal(readMuted(storage), false, 'independent switches');
  const broken = {
    getItem: () => {
      throw new Error('denied');
    },
    setItem: () => {
      throw new Error('denied');
    },
    removeItem: () => {
      throw new Error('denied');
    },
  };
  assert.equal(readMuted(broken), false);
  assert.doesNotThrow(() => saveMuted(true, broken));
  assert.equal(readMuted(null), false);
});

test('the page of a camera in a layout', () => {
  const cams = Array.from({ length: 20 }, (_, i) => `cam-${i + 1}`);
  assert.equal(pageOfCamera(cams, 'cam-1', 9), 1);
  assert.equal(pageOfCamera(cams, 'cam-9', 9), 1);
  assert.equal(pageOfCamera(cams, 'cam-10', 9), 2);
  assert.equal(pageOfCamera(cams, 'cam-20', 16), 2);
  assert.equal(pageOfCamera(cams, 'cam-99', 16), null);
});

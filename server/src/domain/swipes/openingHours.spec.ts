import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OpeningHours } from '@clinicwall/contract';
import { chinaWeekOffset, outsideHours } from './openingHours.ts';

const MIN = 60_000;
/** 2026-11-23 is a Monday. */
const at = (local: string) => Date.parse(`${local}+08:00`);
const CENTRE: OpeningHours = {
  mon: ['08:00-17:30'],
  tue: ['08:00-17:30'],
  wed: ['08:00-17:30'],
  thu: ['08:00-17:30'],
  fri: ['08:00-17:30'],
  sat: ['08:00-12:00'],
};

test('China week offset: Monday 00:00 Beijing is zero, whatever offset the time was written with', () => {
  assert.equal(chinaWeekOffset(at('2026-11-23T00:00:00')), 0);
  assert.equal(chinaWeekOffset(Date.parse('2026-11-22T16:00:00Z')), 0);
  assert.equal(chinaWeekOffset(at('2026-11-29T23:59:00')), 7 * 24 * 60 * MIN - MIN);
  assert.equal(chinaWeekOffset(at('2026-11-25T10:00:00')), (2 * 24 + 10) * 60 * MIN);
  assert.equal(chinaWeekOffset(Date.parse('1969-12-28T16:00:00Z')), 0, 'before the epoch too');
});

test('after_hours: opening is included, closing excluded', () => {
  const out = (local: string) => outsideHours(CENTRE, at(local), 0);
  assert.equal(out('2026-11-23T07:59:59.999'), true);
  assert.equal(out('2026-11-23T08:00:00'), false);
  assert.equal(out('2026-11-23T17:29:59.999'), false);
  assert.equal(out('2026-11-23T17:30:00'), true);
  assert.equal(out('2026-11-23T03:00:00'), true, 'the night');
  assert.equal(outsideHours(CENTRE, Date.parse('2026-11-23T00:30:00Z'), 0), false, '08:30 in Beijing');
  assert.equal(outsideHours(CENTRE, Date.parse('2026-11-23T10:00:00Z'), 0), true, '18:00 in Beijing');
});

test('after_hours: the grace stretches each interval at both ends', () => {
  const grace = 15 * MIN;
  const out = (local: string) => outsideHours(CENTRE, at(local), grace);
  assert.equal(out('2026-11-23T07:44:59'), true);
  assert.equal(out('2026-11-23T07:45:00'), false);
  assert.equal(out('2026-11-23T17:44:59'), false);
  assert.equal(out('2026-11-23T17:45:00'), true);
});

test('after_hours: weekdays and the weekend differ; an absent day is closed', () => {
  const out = (local: string) => outsideHours(CENTRE, at(local), 0);
  assert.equal(out('2026-11-27T16:00:00'), false, 'Friday afternoon');
  assert.equal(out('2026-11-28T10:00:00'), false, 'Saturday morning');
  assert.equal(out('2026-11-28T14:00:00'), true, 'Saturday afternoon');
  assert.equal(out('2026-11-29T10:00:00'), true, 'Sunday');
});

test('after_hours: a lunch break is closed', () => {
  const tcm: OpeningHours = { wed: ['08:30-12:00', '13:30-17:30'] };
  assert.equal(outsideHours(tcm, at('2026-11-25T11:59:00'), 0), false);
  assert.equal(outsideHours(tcm, at('2026-11-25T12:30:00'), 0), true);
  assert.equal(outsideHours(tcm, at('2026-11-25T13:30:00'), 0), false);
});

test('after_hours: an interval ending before it starts runs past midnight, also from Sunday into Monday', () => {
  const late: OpeningHours = { fri: ['20:00-02:00'], sun: ['22:00-06:00'] };
  assert.equal(outsideHours(late, at('2026-11-27T19:59:00'), 0), true, 'Friday before opening');
  assert.equal(outsideHours(late, at('2026-11-27T23:00:00'), 0), false);
  assert.equal(outsideHours(late, at('2026-11-28T01:59:00'), 0), false, 'Saturday, after midnight');
  assert.equal(outsideHours(late, at('2026-11-28T02:00:00'), 0), true);
  assert.equal(outsideHours(late, at('2026-11-30T05:59:00'), 0), false, 'Monday morning, from Sunday night');
  assert.equal(outsideHours(late, at('2026-11-23T05:59:00'), 0), false, 'and the Monday of the week before');
  assert.equal(outsideHours(late, at('2026-11-23T06:00:00'), 0), true);
});

test('after_hours: 00:00-24:00 is the whole day; the grace reaches across the week boundary', () => {
  const sunday: OpeningHours = { sun: ['00:00-24:00'] };
  assert.equal(outsideHours(sunday, at('2026-11-29T00:00:00'), 0), false);
  assert.equal(outsideHours(sunday, at('2026-11-29T23:59:59'), 0), false);
  assert.equal(outsideHours(sunday, at('2026-11-30T00:00:00'), 0), true, 'Monday');
  assert.equal(outsideHours(sunday, at('2026-11-30T00:10:00'), 15 * MIN), false, 'Monday within the grace');
  const monday: OpeningHours = { mon: ['00:00-08:00'] };
  assert.equal(outsideHours(monday, at('2026-11-29T23:50:00'), 15 * MIN), false, 'Sunday within the grace');
  assert.equal(outsideHours(monday, at('2026-11-29T23:40:00'), 15 * MIN), true);
});

test('after_hours: no intervals at all is always outside', () => {
  assert.equal(outsideHours({}, at('2026-11-23T10:00:00'), 15 * MIN), true);
});

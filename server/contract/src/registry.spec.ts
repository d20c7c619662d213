import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, OpeningInterval } from './registry.ts';

const clinic = {
  id: 'c-01',
  code: 'H110101001',
  regionId: 'r-dongcheng',
  name: '安定门社区卫生服务中心',
  nameEn: 'Andingmen',
  level: 'clinic',
};

test('a clinic may carry coordinates and opening hours; both are optional', () => {
  assert.deepEqual(Clinic.parse(clinic), clinic);
  const placed = {
    ...clinic,
    geo: { lat: 39.949, lon: 116.408 },
    hours: { mon: ['08:00-12:00', '13:30-17:30'], sat: ['22:00-02:00'], sun: [] },
  };
  assert.deepEqual(Clinic.parse(placed), placed);
  assert.equal(Clinic.safeParse({ ...clinic, geo: { lat: 91, lon: 116 } }).success, false);
  assert.equal(Clinic.safeParse({ ...clinic, hours: { mon: '08:00-17:30' } }).success, false);
});

test('opening intervals are HH:MM-HH:MM with 24:00 as an end only', () => {
  for (const ok of ['08:00-17:30', '00:00-24:00', '22:00-02:00', '23:59-00:00'])
    assert.equal(OpeningInterval.safeParse(ok).success, true, ok);
  for (const bad of ['8:00-17:30', '08:00-17:60', '24:00-08:00', '08:00-08:00', '08:00 - 17:30', '08:00-25:00', ''])
    assert.equal(OpeningInterval.safeParse(bad).success, false, bad);
});

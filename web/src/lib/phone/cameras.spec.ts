import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WallCamera } from '../wall/cameras.ts';
import { clinicGroups } from './cameras.ts';

const cam = (id: string, clinicId: string): WallCamera => ({
  id,
  name: `摄像机 ${id}`,
  nameEn: `Camera ${id}`,
  area: 'cashier',
  clinicId,
  clinicName: `诊所 ${clinicId}`,
  clinicNameEn: `Clinic ${clinicId}`,
  clinicCode: clinicId,
  regionName: '东城区',
  regionNameEn: 'Dongcheng',
});

test('cameras are grouped by clinic in registry order, named in the locale', () => {
  const groups = clinicGroups([cam('a', 'c1'), cam('b', 'c2'), cam('c', 'c1')], 'en');
  assert.deepEqual(
    groups.map((g) => [g.clinicId, g.clinicName, g.cameras.map((c) => c.id)]),
    [
      ['c1', 'Clinic c1', ['a', 'c']],
      ['c2', 'Clinic c2', ['b']],
    ],
  );
  assert.equal(clinicGroups([cam('a', 'c1')], 'zh-CN')[0]!.clinicName, '诊所 c1');
  assert.deepEqual(clinicGroups([], 'en'), []);
});

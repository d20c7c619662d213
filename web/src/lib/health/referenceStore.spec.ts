import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStored } from './referenceStore.ts';

test('stored references are validated: wrong sizes, types or ids are skipped', () => {
  const ok = {
    cameraId: 'cam-001',
    auto: { pixels: new Uint8Array(12288), takenAt: 1_700_000_000_000 },
    autoConfirmed: true,
    operator: null,
  };
  const { entries, skipped } = parseStored([
    ok,
    { ...ok, cameraId: '' },
    { ...ok, auto: { pixels: new Uint8Array(100), takenAt: 1 } },
    { ...ok, operator: { pixels: [1, 2, 3], takenAt: 1 } },
    { ...ok, autoConfirmed: 'yes' },
    null,
    'cam-002',
  ]);
  assert.equal(skipped, 6);
  assert.deepEqual(
    entries.map((e) => e.cameraId),
    ['cam-001'],
  );
  assert.equal(entries[0]!.auto!.pixels.length, 12288);
});

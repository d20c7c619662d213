import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryRegistryStore } from '../../adapters/memory/registryStore.ts';
import { DomainError } from '../errors.ts';
import { Registry } from '../registry.ts';
import { routeSwipe } from './routing.ts';
import { swipeTestRegistry } from './testFixtures.ts';

async function registry() {
  const store = new MemoryRegistryStore(swipeTestRegistry());
  const r = new Registry(store);
  await r.load();
  return { r, store };
}

test('a swipe goes to the camera that sees its terminal', async () => {
  const { r } = await registry();
  assert.deepEqual(routeSwipe(r, 't-1', 'H001'), { clinicId: 'c-1', cameraIds: ['cam-a'], flags: [] });
  assert.deepEqual(routeSwipe(r, 't-3', 'H002'), { clinicId: 'c-2', cameraIds: ['cam-c'], flags: [] });
});

test('no camera to show it on: unmapped, and the clinic still resolved where possible', async () => {
  const { r } = await registry();
  assert.deepEqual(routeSwipe(r, 't-2', 'H001'), { clinicId: 'c-1', cameraIds: [], flags: ['unmapped'] });
  assert.deepEqual(routeSwipe(r, 'nope', 'H002'), { clinicId: 'c-2', cameraIds: [], flags: ['unmapped'] });
  assert.deepEqual(routeSwipe(r, 'nope', 'X'), {
    clinicId: null,
    cameraIds: [],
    flags: ['unmapped', 'unknown_clinic'],
  });
});

test('mapping a terminal: persisted, and refused for unknown terminals, unknown cameras and other clinics', async () => {
  const { r, store } = await registry();
  const before = r.snapshot();
  assert.deepEqual(await r.mapTerminal('t-2', 'cam-b'), {
    id: 't-2',
    clinicId: 'c-1',
    cameraId: 'cam-b',
    name: '药房终端 2',
  });
  assert.notEqual(r.snapshot(), before, 'the snapshot is replaced, not changed in place');
  assert.equal((await store.load()).terminals.find((t) => t.id === 't-2')!.cameraId, 'cam-b');
  assert.deepEqual(routeSwipe(r, 't-2', 'H001').cameraIds, ['cam-b']);
  await assert.rejects(r.mapTerminal('t-9', 'cam-b'), (e: DomainError) => e.code === 'not_found');
  await assert.rejects(
    r.mapTerminal('t-2', 'cam-zz'),
    (e: DomainError) => e.code === 'invalid_argument' && e.fields?.cameraId === 'camera cam-zz does not exist',
  );
  await assert.rejects(
    r.mapTerminal('t-2', 'cam-c'),
    (e: DomainError) => e.code === 'invalid_argument' && /belongs to clinic c-2/.test(e.fields?.cameraId ?? ''),
  );
  assert.equal((await r.mapTerminal('t-2', null)).cameraId, null);
  assert.deepEqual(routeSwipe(r, 't-2', 'H001').flags, ['unmapped']);
});

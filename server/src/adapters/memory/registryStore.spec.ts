import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { MemoryRegistryStore } from './registryStore.ts';

const fixture = fileURLToPath(new URL('../../../../infra/fixtures/demo-registry.json', import.meta.url));

test('the demo fixture cut to 16 IP cameras keeps the webcam and only clinics with cameras', async () => {
  const store = await MemoryRegistryStore.fromFixture(fixture, 16);
  const snap = await store.load();
  assert.equal(snap.cameras.filter((c) => c.source.kind === 'ingest').length, 16);
  assert.equal(snap.cameras.filter((c) => c.source.kind === 'webrtc').length, 1);
  const clinicIds = new Set(snap.cameras.map((c) => c.clinicId));
  assert.deepEqual(new Set(snap.clinics.map((c) => c.id)), clinicIds);
  for (const t of snap.terminals) assert.ok(t.cameraId === null || snap.cameras.some((c) => c.id === t.cameraId));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRegistry, selectCameras } from './registry.ts';

const registry = loadRegistry();

test('takes the first N ingest cameras of the demo registry with their UDP targets', () => {
  const cams = selectCameras(registry, 16);
  assert.equal(cams.length, 16);
  assert.equal(cams[0]!.id, 'cam-001');
  assert.equal(cams[0]!.main, 'udp://127.0.0.1:21000');
  assert.equal(cams[0]!.sub, 'udp://127.0.0.1:21001');
  assert.equal(cams[0]!.clinicName, '安定门社区卫生服务中心');
  assert.deepEqual(
    cams.map((c) => c.index),
    [...Array(16).keys()],
  );
  assert.equal(selectCameras(registry, 100).length, 100);
});

test('basePort moves the UDP targets', () => {
  const cams = selectCameras(registry, 3, 45000);
  assert.deepEqual(
    cams.map((c) => [c.main, c.sub]),
    [
      ['udp://127.0.0.1:45000', 'udp://127.0.0.1:45001'],
      ['udp://127.0.0.1:45002', 'udp://127.0.0.1:45003'],
      ['udp://127.0.0.1:45004', 'udp://127.0.0.1:45005'],
    ],
  );
});

test('rejects counts out of range and webrtc-only registries', () => {
  assert.throws(() => selectCameras(registry, 0), /1 to 100/);
  assert.throws(() => selectCameras(registry, 101), /1 to 100/);
  assert.throws(() => selectCameras(registry, 2.5), /1 to 100/);
  const webOnly = { ...registry, cameras: registry.cameras.filter((c) => c.source.kind === 'webrtc') };
  assert.throws(() => selectCameras(webOnly, 1), /only 0 ingest cameras/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MAX_HZ, DEFAULT_THREADS, healthConfig } from './config.ts';

test('threads and backend come from the URL, bad values give the defaults', () => {
  assert.deepEqual(healthConfig(new URLSearchParams('layout=9')), {
    threads: DEFAULT_THREADS,
    backend: 'auto',
    maxHz: DEFAULT_MAX_HZ,
  });
  assert.deepEqual(healthConfig(new URLSearchParams('healthThreads=2&healthBackend=wasm&healthHz=1')), {
    threads: 2,
    backend: 'wasm',
    maxHz: 1,
  });
  for (const bad of ['0', '-1', '1.5', 'two', '99'])
    assert.equal(healthConfig(new URLSearchParams(`healthThreads=${bad}`)).threads, DEFAULT_THREADS, bad);
  assert.equal(healthConfig(new URLSearchParams('healthBackend=webgl')).backend, 'auto');
  assert.equal(healthConfig(new URLSearchParams('healthBackend=webgpu')).backend, 'webgpu');
  assert.deepEqual(healthConfig('?layout=64&healthThreads=2'), { threads: 2, backend: 'auto', maxHz: 2 });
  assert.equal(healthConfig('?healthHz=1.5').maxHz, 1.5);
  for (const bad of ['0', '0.5', '3', 'fast', ''])
    assert.equal(healthConfig(new URLSearchParams(`healthHz=${bad}`)).maxHz, DEFAULT_MAX_HZ, bad);
});

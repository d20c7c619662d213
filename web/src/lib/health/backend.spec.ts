import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickBackend } from './backend.ts';

const gpu = (adapter: unknown) => ({ requestAdapter: () => Promise.resolve(adapter as never) });

test('WebGPU only with a real adapter; the reason is reported otherwise', async () => {
  assert.deepEqual(await pickBackend('auto', undefined), {
    backend: 'wasm',
    webgpu: 'no-api',
    detail: 'navigator.gpu is missing',
  });
  assert.equal((await pickBackend('auto', gpu(null))).webgpu, 'no-adapter');
  const swiftshader = { info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } };
  assert.deepEqual(await pickBackend('auto', gpu(swiftshader)), {
    backend: 'wasm',
    webgpu: 'fallback-only',
    detail: 'google swiftshader, isFallbackAdapter=true',
  });
  // Asking for WebGPU is not enough to run on a software adapter; the bench/parity flag is.
  assert.equal((await pickBackend('webgpu', gpu(swiftshader))).backend, 'wasm');
  assert.equal((await pickBackend('webgpu', gpu(swiftshader), true)).backend, 'webgpu');
  const real = { info: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false } };
  assert.deepEqual(await pickBackend('auto', gpu(real)), {
    backend: 'webgpu',
    webgpu: 'available',
    detail: 'nvidia ampere',
  });
  assert.equal((await pickBackend('wasm', gpu(real))).backend, 'wasm');
  const broken = { requestAdapter: () => Promise.reject(new Error('boom')) };
  assert.equal((await pickBackend('auto', broken)).webgpu, 'error');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isShellAsset, planFetch, SHELL_PAGE } from './shell.ts';

test('only the app shell is pre-cached: no models, WASM, API or media', () => {
  for (const p of [
    '/_app/immutable/entry/start.abc.js',
    '/_app/immutable/assets/0.css',
    '/favicon.svg',
    '/icon-192.png',
    '/manifest.webmanifest',
  ])
    assert.equal(isShellAsset(p), true, p);
  for (const p of [
    '/_app/immutable/assets/tile-health-v1.abc.onnx',
    '/_app/immutable/assets/ort-wasm-simd-threaded.jsep.wasm',
    '/api/v1/registry',
    '/hls/cam-001/index.m3u8',
    '/_app/version.json',
  ])
    assert.equal(isShellAsset(p), false, p);
});

test('fetch plan: cached assets from the cache, navigations network-first, the rest untouched', () => {
  const origin = 'https://wall.example';
  const cached = new Set(['/_app/immutable/entry/start.abc.js', SHELL_PAGE]);
  const plan = (url: string, mode = 'cors', method = 'GET') => planFetch({ url, mode, method }, origin, cached);
  assert.equal(plan(`${origin}/_app/immutable/entry/start.abc.js`), 'shell-asset');
  assert.equal(plan(`${origin}/m/camera/cam-002`, 'navigate'), 'navigate');
  assert.equal(plan(`${origin}/api/v1/auth/session`), 'network');
  assert.equal(plan(`${origin}/api/v1/auth/session`, 'navigate'), 'network');
  assert.equal(plan(`${origin}/socket.io/?EIO=4&transport=polling`), 'network');
  assert.equal(plan(`${origin}/_app/immutable/assets/model.onnx`), 'network');
  assert.equal(plan(`${origin}/api/v1/auth/login`, 'cors', 'POST'), 'network');
  assert.equal(plan('https://cdn.example/x.js'), 'network');
});

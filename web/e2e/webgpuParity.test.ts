/**
 * The WebGPU backend computes what WASM computes. This machine has no GPU; Chromium with
 * --enable-unsafe-webgpu offers SwiftShader's software adapter, far too slow for a wall but a faithful
 * WebGPU implementation: the built worker, forced onto it, must give the WASM backend's probabilities
 * for real validation samples (a wrong WebGPU kernel, like onnxruntime-web's 6-channel Conv defect,
 * shows here). And the wall itself (backend auto) must not pick a software adapter.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readCiSet } from '../../models/test/ci-set.ts';
import {
  appPage,
  builtAssets,
  classifyIn,
  probeAdapter,
  staticApp,
  wallBackend,
  type BuiltAssets,
} from './builtWorker.ts';
import { CHROMIUM_ARGS } from './chromium.ts';

const ITEM = 9 * 64 * 64;
/** Largest difference of a probability between the two backends (float32 kernels, other summation order). */
const TOLERANCE = 1e-4;

let server: Awaited<ReturnType<typeof staticApp>>;
let browser: Browser;
let page: Page;
let assets: BuiltAssets;

before(async () => {
  assets = builtAssets();
  server = await staticApp();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
  });
  page = await appPage(browser, server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the software WebGPU adapter gives the WASM backend’s probabilities on validation samples of every class', async () => {
  const probe = await probeAdapter(page);
  assert.ok(probe.adapter, `Chromium offers no WebGPU adapter with --enable-unsafe-webgpu: ${probe.detail}`);
  // Four samples of each class from the committed validation set.
  const { header, batch } = readCiSet();
  const picked: number[] = [];
  for (let c = 0; c < 4; c++) picked.push(...header.label.flatMap((l, i) => (l === c ? [i] : [])).slice(0, 4));
  const input = new Float32Array(picked.length * ITEM);
  picked.forEach((i, k) => input.set(batch.subarray(i * ITEM, (i + 1) * ITEM), k * ITEM));

  const wasm = await classifyIn(page, assets, 'wasm', input, picked.length);
  const gpu = await classifyIn(page, assets, 'webgpu', input, picked.length);
  assert.ok(!('error' in wasm), `WASM failed: ${'error' in wasm ? wasm.error : ''}`);
  assert.ok(!('error' in gpu), `WebGPU failed: ${'error' in gpu ? gpu.error : ''}`);
  assert.equal(gpu.backend, 'webgpu', 'the worker ran on WebGPU, not a silent fallback');
  assert.equal(wasm.backend, 'wasm');
  assert.equal(gpu.probs.length, picked.length * 4);
  const diff = Math.max(...gpu.probs.map((v, i) => Math.abs(v - wasm.probs[i]!)));
  assert.ok(diff <= TOLERANCE, `max |p_webgpu - p_wasm| = ${diff.toExponential(2)} over ${gpu.probs.length} outputs`);
  console.log(
    `WebGPU (software) vs WASM, ${picked.length} samples: max |diff| ${diff.toExponential(2)}; ` +
      `${gpu.msPerTile.toFixed(1)} vs ${wasm.msPerTile.toFixed(2)} ms/tile`,
  );
  const argmax = (p: number[], k: number) => [0, 1, 2, 3].reduce((b, c) => (p[k * 4 + c]! > p[k * 4 + b]! ? c : b), 0);
  const classes = picked.map((_, k) => argmax(gpu.probs, k));
  assert.deepEqual(
    classes,
    picked.map((_, k) => argmax(wasm.probs, k)),
    'same class for every sample',
  );
  assert.ok(new Set(classes).size >= 3, `the samples exercise several classes: ${classes.join(' ')}`);
});

test('the wall (backend auto) does not run on a software WebGPU adapter, and says why', async () => {
  const probe = await probeAdapter(page);
  assert.ok(probe.fallback, `this machine's adapter is the software fallback: ${probe.detail}`);
  const ready = await wallBackend(page, assets);
  assert.equal(ready.type, 'ready', `worker init: ${JSON.stringify(ready)}`);
  assert.equal(ready.backend, 'wasm');
  assert.match(String(ready.webgpuDetail), /fallback|software/i);
});

/**
 * The tile-health worker of a built web app (WEB_BUILD_DIR, default build/), served on its own and
 * driven directly from a page: for tests and benchmarks that need the worker and the model but no
 * SFU and no cameras.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

const ROOT = new URL('../../', import.meta.url).pathname;
export const buildDir = process.env.WEB_BUILD_DIR ?? `${ROOT}build`;

/** URLs (from the site root) of the built worker, model and WASM runtime. */
export interface BuiltAssets {
  worker: string;
  model: string;
  wasm: string;
}

export function builtAssets(): BuiltAssets {
  const client = join(buildDir, 'client');
  const find = (dir: string, pred: (name: string, path: string) => boolean): string[] =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .filter((p) => pred(p.slice(p.lastIndexOf('/') + 1), p));
  const worker = find(
    join(client, '_app/immutable/workers'),
    (n, p) => n.endsWith('.js') && readFileSync(p, 'utf8').includes('em-pthread'),
  );
  const model = find(join(client, '_app/immutable'), (n) => /^tile-health-v1.*\.onnx$/.test(n));
  const wasm = find(join(client, '_app/immutable'), (n) => /^ort-wasm-simd-threaded\.jsep.*\.wasm$/.test(n));
  if (!worker[0] || !model[0] || !wasm[0])
    throw new Error(`no built tile-health worker/model under ${client}: build the web app first`);
  const url = (p: string) => p.slice(client.length);
  return { worker: url(worker[0]), model: url(model[0]), wasm: url(wasm[0]) };
}

const MIME: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.html': 'text/html',
};

/** The built client files on 127.0.0.1, cross-origin isolated (COOP/COEP as the server sets them). */
export async function staticApp(): Promise<{ url: string; close(): Promise<void> }> {
  const root = join(buildDir, 'client');
  const server = createServer((req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>tile-health worker</title>');
      return;
    }
    try {
      if (path.includes('..')) throw new Error('bad path');
      const body = readFileSync(join(root, path));
      res.setHeader('Content-Type', MIME[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A blank page of the static app, ready for page.evaluate with functions compiled by tsx. */
export async function appPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('  [page error]', e.message));
  await page.goto(`${url}/`);
  // tsx compiles with keepNames: functions passed to the page call a __name helper.
  await page.addScriptTag({ content: 'window.__name = (f) => f;' });
  return page;
}

/** What the adapter probe says, in words (or why there is none). */
export function probeAdapter(page: Page): Promise<{ adapter: boolean; detail: string; fallback: boolean }> {
  return page.evaluate(async () => {
    const gpu = (
      navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> } }
    ).gpu;
    if (!gpu) return { adapter: false, detail: 'navigator.gpu is missing', fallback: false };
    const a = await gpu.requestAdapter();
    if (!a) return { adapter: false, detail: 'navigator.gpu present, requestAdapter() returned null', fallback: false };
    const i = a.info ?? {};
    return {
      adapter: true,
      fallback: i.isFallbackAdapter === true,
      detail: `adapter vendor="${String(i.vendor)}" architecture="${String(i.architecture)}" description="${String(i.description)}" isFallbackAdapter=${String(i.isFallbackAdapter)}`,
    };
  });
}

/** The worker's answer to `init` with the wall's settings (backend auto): which backend it chose and why. */
export function wallBackend(page: Page, assets: BuiltAssets): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ({ worker, model }) => {
      const w = new Worker(worker, { type: 'module', name: 'tile-health' });
      const ready = await new Promise<Record<string, unknown>>((resolve) => {
        w.onmessage = (e: MessageEvent<Record<string, unknown>>) => {
          if (e.data.type === 'ready' || e.data.type === 'error') resolve(e.data);
        };
        w.postMessage({ type: 'init', modelUrl: new URL(model, location.href).href, numThreads: 1, backend: 'auto' });
      });
      w.terminate();
      return ready;
    },
    { worker: assets.worker, model: assets.model },
  );
}

export type BackendRun = { backend: string; probs: number[]; msPerTile: number } | { backend: string; error: string };

/**
 * Classifies `batch` ([n, 9, 64, 64]) `runs` times in a fresh worker forced onto `backend` (a
 * software WebGPU adapter allowed): the probabilities of the last run and the best time per tile.
 */
export function classifyIn(
  page: Page,
  assets: BuiltAssets,
  backend: 'wasm' | 'webgpu',
  batch: Float32Array,
  n: number,
  runs = 1,
): Promise<BackendRun> {
  return page.evaluate(
    async ({ worker, model, backend, batch, n, runs }) => {
      const input = Float32Array.from(batch);
      const w = new Worker(worker, { type: 'module', name: 'tile-health' });
      const next = () =>
        new Promise<Record<string, unknown>>((resolve) => {
          w.onmessage = (e: MessageEvent<Record<string, unknown>>) => resolve(e.data);
        });
      try {
        let m = next();
        w.postMessage({
          type: 'init',
          modelUrl: new URL(model, location.href).href,
          numThreads: 1,
          backend,
          allowFallbackAdapter: true,
        });
        const ready = await m;
        if (ready.type === 'error') return { backend, error: String(ready.message) };
        const times: number[] = [];
        let probs: Float32Array | null = null;
        for (let i = 0; i < runs; i++) {
          m = next();
          w.postMessage({ type: 'classify', id: i, batch: input, n });
          const r = await m;
          if (r.type !== 'probs') return { backend, error: String(r.message) };
          times.push(r.ms as number);
          probs = r.probs as Float32Array;
        }
        return { backend: String(ready.backend), probs: Array.from(probs!), msPerTile: Math.min(...times) / n };
      } finally {
        w.terminate();
      }
    },
    { worker: assets.worker, model: assets.model, backend, batch: Array.from(batch), n, runs },
  );
}

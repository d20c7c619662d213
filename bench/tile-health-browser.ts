/**
 * Tile-health cost in Debian's Chromium, measured on the worker the wall ships (a built web app:
 * WEB_BUILD_DIR, default build/; a private build: `WEB_BUILD_DIR=$PWD/var/web-build
 * SVELTEKIT_OUT_DIR=var/web-build-kit npx vite build`). The wall part uses the camera UDP ports of the
 * fixture: run it under the stack lock.
 *   flock /tmp/clinicwall-stack.lock node --import tsx bench/tile-health-browser.ts \
 *     [--parts throughput,webgpu,wall] [--tiles 16,64,100] [--seconds 15 (throughput runs)] [--threads 1,2]
 *
 * 1. throughput: the worker classifies synthetic camera frames (I420 320x180, a drawn room with sensor
 *    noise, as software decode hands them over) as fast as it can, 16 per tick like a 64-tile wall:
 *    tiles classified per second, and CPU per tile from /proc (all the worker's threads), per WASM
 *    thread count.
 * 2. webgpu: whether WebGPU can be used here and exactly why not; with --enable-unsafe-webgpu the
 *    software adapter's speed and its agreement with WASM (never used by the wall).
 * 3. wall: a real wall of N tiles (SFU, WebRTC, decode; cameras fed like bench/wall-capacity.ts):
 *    frame-grab cost per tick on the main thread, sampling rate, tiles classified per second, frozen
 *    checks per tile and second, worker load, and CPU of the worker thread and of the page's main thread.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { readConfig, startServer } from '@clinicwall/server';
import { RegistrySnapshot } from '@clinicwall/contract';
import {
  appPage,
  buildDir,
  builtAssets,
  classifyIn,
  probeAdapter,
  staticApp,
  wallBackend,
  type BuiltAssets,
} from '../web/e2e/builtWorker.ts';
import { CHROMIUM_ARGS } from '../web/e2e/chromium.ts';
import { ensureClip, loadAverage, loopFeed, ROOT, sleep } from './lib.ts';

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'throughput,webgpu,wall' },
    tiles: { type: 'string', default: '16,64,100' },
    seconds: { type: 'string', default: '15' },
    threads: { type: 'string', default: '1,2' },
  },
});
const parts = new Set(values.parts!.split(','));
const seconds = Number(values.seconds);

const load = () => `load ${loadAverage(2)}`;

interface ThreadCpu {
  comm: string;
  cpu: number;
}

/** CPU seconds per thread of Chromium's renderer processes, keyed pid/tid. */
function rendererThreads(): Map<string, ThreadCpu> {
  const out = new Map<string, ThreadCpu>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid}`, {
          comm: st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')),
          cpu: (Number(f[11]) + Number(f[12])) / 100,
        });
      } catch {
        // thread gone
      }
    }
  }
  return out;
}

/** CPU seconds between two samples, summed per thread name. */
function cpuByName(a: Map<string, ThreadCpu>, b: Map<string, ThreadCpu>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of b) out.set(v.comm, (out.get(v.comm) ?? 0) + v.cpu - (a.get(k)?.cpu ?? 0));
  return out;
}

const workerCpu = (m: Map<string, number>) =>
  [...m].filter(([n]) => n.startsWith('DedicatedWorker')).reduce((s, [, v]) => s + v, 0);

interface RunResult {
  ready: {
    backend: string;
    threads: number;
    initMs: number;
    webgpu: string;
    webgpuDetail: string;
    crossOriginIsolated: boolean;
  };
  ticks: number;
  classified: number;
  wallMs: number;
  copyMs: number;
  preprocessMs: number;
  inferenceMs: number;
  workerMs: number;
  error?: string;
}

/** In the page: starts the built worker, feeds it synthetic frames back to back for `ms`. */
async function runWorker(
  page: Page,
  assets: BuiltAssets,
  opts: {
    threads: number;
    backend: 'wasm' | 'webgpu';
    fallback: boolean;
    batch: number;
    cameras: number;
    ms: number;
    width: number;
    height: number;
  },
): Promise<RunResult> {
  return page.evaluate(
    async ({ assets, o }) => {
      const W = o.width;
      const H = o.height;
      // A drawn room (walls, floor, furniture, a caption) converted to I420 once per noise variant.
      const canvas = new OffscreenCanvas(W, H);
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, 0, H);
      g.addColorStop(0, '#d9d2c3');
      g.addColorStop(0.6, '#b9b1a2');
      g.addColorStop(0.61, '#6d8a9c');
      g.addColorStop(1, '#4f6a7a');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, W, H);
      ctx.fillStyle = '#8a5a2b';
      ctx.fillRect(W * 0.1, H * 0.1, W * 0.15, H * 0.5);
      ctx.fillStyle = '#c08040';
      ctx.fillRect(W * 0.5, H * 0.4, W * 0.45, H * 0.25);
      ctx.fillStyle = '#222';
      ctx.font = `${Math.round(H / 12)}px sans-serif`;
      ctx.fillText('Cashier 收费处 2026-11-23 10:00:00', W * 0.05, H * 0.08);
      const rgba = ctx.getImageData(0, 0, W, H).data;
      let seed = 1;
      const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const variants = Array.from({ length: 4 }, () => {
        const buf = new Uint8Array((W * H * 3) / 2);
        for (let i = 0; i < W * H; i++) {
          const n = (rnd() + rnd() + rnd() - 1.5) * 6; // sensor noise, sigma ~3
          const y = 16 + 0.257 * rgba[i * 4]! + 0.504 * rgba[i * 4 + 1]! + 0.098 * rgba[i * 4 + 2]! + n;
          buf[i] = Math.max(0, Math.min(255, Math.round(y)));
        }
        const cw = W / 2;
        for (let y = 0; y < H / 2; y++)
          for (let x = 0; x < cw; x++) {
            const i = (2 * y * W + 2 * x) * 4;
            const [r, gg, b] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
            buf[W * H + y * cw + x] = Math.round(128 - 0.148 * r - 0.291 * gg + 0.439 * b);
            buf[W * H + (W * H) / 4 + y * cw + x] = Math.round(128 + 0.439 * r - 0.368 * gg - 0.071 * b);
          }
        return buf;
      });
      const colorSpace = { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false };
      const worker = new Worker(assets.worker, { type: 'module', name: 'tile-health' });
      type Msg = { type: string; [k: string]: unknown };
      let onMsg: (m: Msg) => void = () => undefined;
      worker.onmessage = (e: MessageEvent<Msg>) => onMsg(e.data);
      const next = (type: string) =>
        new Promise<Msg>((resolve, reject) => {
          onMsg = (m) => {
            if (m.type === type) resolve(m);
            else if (m.type === 'error') reject(new Error(String(m.message)));
          };
        });
      const r = {
        ready: {} as never,
        ticks: 0,
        classified: 0,
        wallMs: 0,
        copyMs: 0,
        preprocessMs: 0,
        inferenceMs: 0,
        workerMs: 0,
      } as RunResult;
      try {
        const ready = next('ready');
        worker.postMessage({
          type: 'init',
          modelUrl: new URL(assets.model, location.href).href,
          wasmUrl: new URL(assets.wasm, location.href).href,
          numThreads: o.threads,
          backend: o.backend,
          allowFallbackAdapter: o.fallback,
        });
        r.ready = (await Promise.race([
          ready,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('the worker did not get ready within 60 s')), 60_000),
          ),
        ])) as never;
        // Simulated time: each camera sampled every 500 ms (2 Hz), `batch` cameras per tick.
        const perTickMs = (500 * o.batch) / o.cameras;
        let t = Date.now();
        let cam = 0;
        const tick = async (k: number) => {
          const frames = [];
          for (let i = 0; i < o.batch; i++) {
            const id = `cam-${cam}`;
            cam = (cam + 1) % o.cameras;
            const frame = new VideoFrame(variants[(k + i) % 4]!, {
              format: 'I420',
              codedWidth: W,
              codedHeight: H,
              timestamp: k,
              colorSpace,
            } as VideoFrameBufferInit);
            frames.push({ cameraId: id, frame, tMs: t, framesDecoded: k });
          }
          t += perTickMs;
          const done = next('tick');
          worker.postMessage(
            { type: 'tick', tMs: t, grabMs: 0, frames },
            frames.map((f) => f.frame),
          );
          return (await done) as unknown as { stats: Record<string, number> };
        };
        // Warm-up: every camera gets its reference and recent frame.
        for (let k = 0; k < (4 * o.cameras) / o.batch; k++) await tick(k);
        // The bench reads the worker threads' CPU from /proc at these two marks.
        const mark = (window as unknown as { __cpuMark?: (phase: string) => Promise<void> }).__cpuMark;
        await mark?.('start');
        const start = performance.now();
        let k = 1000;
        while (performance.now() - start < o.ms) {
          const { stats } = await tick(k++);
          r.ticks++;
          r.classified += stats.classified!;
          r.copyMs += stats.copyMs!;
          r.preprocessMs += stats.preprocessMs!;
          r.inferenceMs += stats.inferenceMs!;
          r.workerMs += stats.workerMs ?? stats.totalMs! - stats.grabMs!;
        }
        r.wallMs = performance.now() - start;
        await mark?.('end');
      } catch (error) {
        r.error = String(error);
      } finally {
        worker.terminate();
      }
      return r;
    },
    { assets, o: opts },
  );
}

function printRun(label: string, r: RunResult, cpuSec: number): void {
  if (r.error) {
    console.log(`  ${label}: failed: ${r.error}`);
    return;
  }
  const secs = r.wallMs / 1000;
  const per = (v: number) => (v / Math.max(1, r.classified)).toFixed(2);
  console.log(
    `  ${label.padEnd(22)} ${(r.classified / secs).toFixed(0).padStart(5)} tiles/s  CPU ${((cpuSec * 1000) / Math.max(1, r.classified)).toFixed(2)} ms/tile ` +
      `(worker threads ${((cpuSec / secs) * 100).toFixed(0)} % of a core)  ` +
      `wall-time per tile: copy ${per(r.copyMs)} + preprocess ${per(r.preprocessMs)} + inference ${per(r.inferenceMs)} ms` +
      `  [threads ${r.ready.threads}, isolated ${String(r.ready.crossOriginIsolated)}, init ${r.ready.initMs} ms]`,
  );
}

async function throughput(): Promise<void> {
  const server = await staticApp();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const assets = builtAssets();
    const page = await appPage(browser, server.url);
    console.log(
      `throughput (Chromium ${browser.version()}): the built worker at full speed, synthetic I420 frames, 16 tiles per tick of 64 cameras; ${load()}`,
    );
    const configs = [
      ...values.threads!.split(',').map((n) => ({ threads: Number(n), width: 320, height: 180 })),
      { threads: 1, width: 640, height: 360 },
    ];
    const marks = new Map<string, Map<string, ThreadCpu>>();
    await page.exposeFunction('__cpuMark', (phase: string) => void marks.set(phase, rendererThreads()));
    for (const c of configs) {
      marks.clear();
      const r = await runWorker(page, assets, {
        ...c,
        backend: 'wasm',
        fallback: false,
        batch: 16,
        cameras: 64,
        ms: seconds * 1000,
      });
      const [a, b] = [marks.get('start'), marks.get('end')];
      const cpu = a && b ? workerCpu(cpuByName(a, b)) : NaN;
      printRun(`wasm ${c.threads} thread${c.threads > 1 ? 's' : ''} ${c.width}x${c.height}`, r, cpu);
    }
    console.log(`  (${load()})`);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function webgpu(): Promise<void> {
  const server = await staticApp();
  try {
    const assets = builtAssets();
    console.log(`webgpu (${load()}):`);
    for (const flags of [[], ['--enable-unsafe-webgpu']]) {
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [...CHROMIUM_ARGS, ...flags],
      });
      try {
        const page = await appPage(browser, server.url);
        const probe = await probeAdapter(page);
        const name = `Chromium ${flags.length ? flags.join(' ') : 'without flags'}`;
        console.log(`  ${name}: ${probe.detail}`);
        const viaWall = await wallBackend(page, assets);
        console.log(
          `    the wall's choice (backend auto): ${String(viaWall.backend)} — WebGPU ${String(viaWall.webgpu)} (${String(viaWall.webgpuDetail)})`,
        );
        if (flags.length === 0) continue;
        // The software adapter: speed and agreement with WASM on the same batch (never used by the wall).
        const n = 4;
        let seed = 3;
        const batch = Float32Array.from(
          { length: n * 9 * 64 * 64 },
          () => (seed = (seed * 16807) % 2147483647) / 2147483647,
        );
        const c = await classifyIn(page, assets, 'wasm', batch, n, 5);
        const g = await classifyIn(page, assets, 'webgpu', batch, n, 5);
        if ('error' in g || 'error' in c) {
          console.log(`    software WebGPU: failed: ${'error' in g ? g.error : ''} ${'error' in c ? c.error : ''}`);
          continue;
        }
        const diff = Math.max(...g.probs.map((v, i) => Math.abs(v - c.probs[i]!)));
        console.log(
          `    software WebGPU (${g.backend}): ${g.msPerTile.toFixed(2)} ms/tile vs WASM ${c.msPerTile.toFixed(2)} ms/tile (batch 4, best of 5); ` +
            `max |p_webgpu - p_wasm| = ${diff.toExponential(2)} over ${g.probs.length} outputs`,
        );
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
}

/** The diagnostics panel's rolling window (web/src/lib/health/statsWindow.ts). */
const DIAG_WINDOW_MS = 10_000;

/** The operator's password of the bench's server (DEMO_PASSWORDS). */
const PASSWORD = 'bench-operator-pass-1357';

const registry = RegistrySnapshot.parse(JSON.parse(readFileSync(`${ROOT}infra/fixtures/demo-registry.json`, 'utf8')));
const ingestCams = registry.cameras.filter((c) => c.source.kind === 'ingest');

async function wall(): Promise<void> {
  const mainClip = ensureClip('main-640x360', '640x360', '600k', 15);
  const subClip = ensureClip('sub-320x180', '320x180', '150k', 15);
  console.log(`wall: real wall pages (1920x1080), cameras looping H.264 clips (main 640x360, sub 320x180, 15 fps)`);
  for (const tiles of values.tiles!.split(',').map(Number)) {
    const cams = ingestCams.slice(0, tiles);
    const src = (c: (typeof cams)[number], k: 'main' | 'sub') => (c.source.kind === 'ingest' ? c.source[k] : '');
    const feeders = [
      loopFeed(
        mainClip,
        cams.map((c) => src(c, 'main')),
      ),
      loopFeed(
        subClip,
        cams.map((c) => src(c, 'sub')),
      ),
    ];
    const server = await startServer(
      readConfig({ ...process.env, DEMO_PASSWORDS: `operator:${PASSWORD}`, PORT: '0', DEMO_CAMERAS: String(tiles) }),
    );
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      // Signed in as an operator where the server has accounts.
      await context.request
        .post(`${server.url}/api/v1/auth/login`, { data: { username: 'operator', password: PASSWORD } })
        .catch(() => undefined);
      const page = await context.newPage();
      await page.goto(`${server.url}/wall?layout=${tiles}&lang=en`);
      const live = await page
        .waitForFunction(
          (n) => document.querySelectorAll('[data-testid="tile"][data-state="live"]').length >= n,
          tiles,
          { timeout: 90_000, polling: 500 },
        )
        .then(() => true)
        .catch(() => false);
      if (!live) console.log(`  (not every tile went live within 90 s)`);
      await page.keyboard.press('d');
      // Let the sampler settle (references, cost estimate; the check gate judges the model's rate
      // after 10 s of a steady tile count), then measure over the diagnostics window.
      await sleep(20_000);
      const cpu0 = rendererThreads();
      const t0 = Date.now();
      // As long as the diagnostics panel's window, so its rates and the CPU cover the same time.
      await sleep(DIAG_WINDOW_MS);
      const secs = (Date.now() - t0) / 1000;
      const cpu = cpuByName(cpu0, rendererThreads());
      const d = await page
        .locator('[data-testid="health-diag"]')
        .evaluate((el: HTMLElement) => ({ ...el.dataset }), null, { timeout: 30_000 })
        .catch(() => null);
      if (!d) {
        console.log(`  ${String(tiles).padStart(3)} tiles: the page did not answer within 30 s (${load()})`);
        continue;
      }
      const pct = (v: number) => `${((v / secs) * 100).toFixed(1)} %`;
      const visible = Number(d.visible);
      console.log(
        `  ${String(tiles).padStart(3)} tiles (${visible} live): grab ${Number(d.grabMs).toFixed(2)} ms/tick mean, ${Number(d.grabMaxMs).toFixed(1)} max, ` +
          `${Number(d.tilesPerTick).toFixed(1)} tiles/tick (${(Number(d.grabMs) / Math.max(1, Number(d.tilesPerTick))).toFixed(3)} ms/tile) — ` +
          `sampling ${Number(d.sampleHz).toFixed(2)} Hz/tile, ${Number(d.classifiedPerSec).toFixed(1)} tiles classified/s ` +
          `(${(Number(d.classifiedPerSec) / Math.max(1, visible)).toFixed(2)} per tile/s), ` +
          `frozen checks ${(Number(d.checkedPerSec) / Math.max(1, visible)).toFixed(2)} per tile/s${d.checksPaused === 'true' ? ' (extra checks paused: model behind)' : ''}, worker busy ${(Number(d.busyShare) * 100).toFixed(1)} % ` +
          `(${Number(d.perTileMs).toFixed(2)} ms/tile) — CPU: worker threads ${pct(workerCpu(cpu))} ` +
          `(${((workerCpu(cpu) * 1000) / Math.max(1, Number(d.classifiedPerSec) * secs)).toFixed(2)} ms/tile), page main thread ${pct(cpu.get('chromium') ?? 0)}, ` +
          `whole renderer ${pct([...cpu.values()].reduce((a, b) => a + b, 0))} (100 % = one core; ${load()})`,
      );
    } finally {
      await browser.close();
      await server.close();
      for (const f of feeders) f.kill('SIGKILL');
      await sleep(1000);
    }
  }
}

console.log(`tile-health in the browser (Debian's Chromium), web build ${buildDir}`);
if (parts.has('throughput')) await throughput();
if (parts.has('webgpu')) await webgpu();
if (parts.has('wall')) await wall();
process.exit(0);

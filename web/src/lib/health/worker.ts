/// <reference lib="webworker" />
/**
 * Tile-health worker: owns the onnxruntime-web session, the TileHealthPipeline (sampling ring, frozen
 * check, smoothing) and the cameras' reference views. The wall transfers one VideoFrame per sampled
 * tile; frames are copied here in their native format (I420/NV12/RGBA…), area-downsampled, batched
 * and classified. The wasm binary is resolved here (not on the main thread) so a build emits it once.
 */
import * as ort from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { TileHealthPipeline, type Classifier, type RawFrame } from '@clinicwall/models';
import { pickBackend } from './backend.ts';
import { readFrame } from './frameReader.ts';
import type { FromWorker, HealthBackend, HealthChangeMsg, InitMsg, ToWorker } from './protocol.ts';
import { ReferenceBook, type ReferenceUpdate } from './references.ts';

interface Scope {
  name: string;
  crossOriginIsolated: boolean;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(msg: FromWorker): void;
}
const scope = self as unknown as Scope;

class OrtClassifier implements Classifier {
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly inputName: string,
    private readonly outputName: string,
  ) {}

  async run(batch: Float32Array, n: number): Promise<Float32Array> {
    const input = new ort.Tensor('float32', batch, [n, 9, 64, 64]);
    const out = await this.session.run({ [this.inputName]: input });
    const probs = out[this.outputName];
    if (!probs) throw new Error('model gave no output');
    const data = (await probs.getData()) as Float32Array;
    input.dispose();
    probs.dispose();
    return data;
  }
}

/** Highest sampling rate the wall asks for; the main thread decides when each tile is sampled. */
const MAX_SAMPLE_HZ = 4;

let pipeline: TileHealthPipeline | null = null;
let classifier: OrtClassifier | null = null;
let backend: HealthBackend = 'wasm';
let threads = 1;
let busy = false;
const book = new ReferenceBook();
/** Cameras the pipeline currently tracks. */
const tracked = new Set<string>();

async function init(msg: InitMsg): Promise<void> {
  const t0 = performance.now();
  const isolated = scope.crossOriginIsolated === true;
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page.
  threads = isolated ? Math.max(1, Math.min(8, Math.round(msg.numThreads))) : 1;
  ort.env.wasm.wasmPaths = { wasm: new URL(msg.wasmUrl ?? wasmUrl, location.href).href };
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  const gpu = (navigator as unknown as { gpu?: Parameters<typeof pickBackend>[1] }).gpu;
  const pick = await pickBackend(msg.backend, gpu, msg.allowFallbackAdapter);
  backend = pick.backend;
  const session = await ort.InferenceSession.create(msg.modelUrl, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  classifier = new OrtClassifier(session, session.inputNames[0] ?? 'frames', session.outputNames[0] ?? 'probs');
  // Warm-up: the first run is slow (kernel setup); do it before frames arrive.
  await classifier.run(new Float32Array(9 * 64 * 64), 1);
  pipeline = new TileHealthPipeline({ classifier, sampleHz: MAX_SAMPLE_HZ });
  scope.postMessage({
    type: 'ready',
    backend,
    threads: backend === 'wasm' ? threads : 0,
    initMs: Math.round(performance.now() - t0),
    webgpu: pick.webgpu,
    webgpuDetail: pick.detail,
    crossOriginIsolated: isolated,
  });
}

function publish(cameraId: string, update: ReferenceUpdate | null): void {
  if (!update) return;
  if (update.use && tracked.has(cameraId)) pipeline?.setReference(cameraId, update.use);
  scope.postMessage({ type: 'reference', entry: update.entry });
}

async function tick(msg: Extract<ToWorker, { type: 'tick' }>): Promise<void> {
  const t0 = performance.now();
  const p = pipeline;
  if (!p || busy) {
    for (const f of msg.frames) f.frame.close();
    scope.postMessage({ type: 'skipped' });
    return;
  }
  busy = true;
  let copyMs = 0;
  let preprocessMs = 0;
  let sampled = 0;
  try {
    for (const f of msg.frames) {
      const tMs = f.tMs ?? msg.tMs;
      let raw: RawFrame;
      const c0 = performance.now();
      try {
        raw = await readFrame(f.frame);
      } catch (error) {
        console.warn(`[health] ${f.cameraId}: cannot read frame`, error);
        continue;
      } finally {
        f.frame.close();
      }
      const p0 = performance.now();
      copyMs += p0 - c0;
      if (!tracked.has(f.cameraId)) {
        tracked.add(f.cameraId);
        // A camera coming back (or known from a previous session) keeps its reference.
        const use = book.use(f.cameraId);
        if (use) p.setReference(f.cameraId, use);
      }
      if (f.classify === false) p.check(f.cameraId, tMs, raw, f.framesDecoded);
      else if (p.push(f.cameraId, tMs, raw, f.framesDecoded)) {
        sampled++;
        const s = p.lastSample(f.cameraId);
        if (s) publish(f.cameraId, book.onSample(f.cameraId, s.tMs, s.rgb));
      }
      preprocessMs += performance.now() - p0;
    }
    const i0 = performance.now();
    const changes = await p.flush();
    const inferenceMs = performance.now() - i0;
    for (const o of p.lastObservations) {
      const s = p.lastSample(o.tileId);
      const rgb = s && s.tMs === o.tMs ? s.rgb : null;
      publish(o.tileId, book.onObservation(o.tileId, o.tMs, o.verdict, p.state(o.tileId), rgb));
    }
    const out: HealthChangeMsg[] = changes.map((c) => ({
      cameraId: c.tileId,
      verdict: c.verdict,
      previous: c.previous,
      onsetAt: Math.round(c.onsetMs),
      confidence: Math.min(1, Math.max(0, c.confidence)),
    }));
    const workerMs = performance.now() - t0;
    scope.postMessage({
      type: 'tick',
      changes: out,
      stats: {
        backend,
        threads,
        tiles: msg.frames.length,
        sampled,
        classified: p.lastObservations.length,
        grabMs: msg.grabMs,
        copyMs,
        preprocessMs,
        inferenceMs,
        workerMs,
        totalMs: workerMs + msg.grabMs,
      },
    });
  } catch (error) {
    scope.postMessage({ type: 'error', message: String(error) });
  } finally {
    // Frames not reached after an error are released too (closing twice is harmless).
    for (const f of msg.frames) f.frame.close();
    busy = false;
  }
}

/** Operator actions; they may come before the model is loaded (the book does not need it). */
function reference(msg: Extract<ToWorker, { type: 'reference' }>): void {
  const id = msg.cameraId;
  if (msg.action === 'automatic') {
    publish(id, book.automatic(id));
    return;
  }
  const s = tracked.has(id) ? (pipeline?.lastSample(id) ?? null) : null;
  if (!s) {
    scope.postMessage({ type: 'referenceError', cameraId: id, message: 'no current picture of this camera' });
    return;
  }
  publish(id, book.capture(id, s.tMs, s.rgb));
}

async function classify(msg: Extract<ToWorker, { type: 'classify' }>): Promise<void> {
  if (!classifier) throw new Error('not initialised');
  const t0 = performance.now();
  const probs = await classifier.run(msg.batch, msg.n);
  scope.postMessage({ type: 'probs', id: msg.id, probs: Float32Array.from(probs), ms: performance.now() - t0 });
}

function fail(error: unknown): void {
  scope.postMessage({ type: 'error', message: String(error) });
}

// With WASM threads, onnxruntime starts its thread workers from this same script (named em-pthread);
// they must not take over the message handler.
if (!scope.name.startsWith('em-pthread')) {
  scope.onmessage = (e) => {
    const msg = e.data;
    if (msg.type === 'init') init(msg).catch(fail);
    else if (msg.type === 'tick') void tick(msg);
    else if (msg.type === 'forget') {
      for (const id of msg.cameraIds) {
        pipeline?.removeTile(id);
        tracked.delete(id);
        book.forget(id);
      }
    } else if (msg.type === 'references') {
      book.load(msg.entries);
      // Cameras already tracked switch to their stored reference now.
      for (const e of msg.entries) {
        const use = tracked.has(e.cameraId) ? book.use(e.cameraId) : null;
        if (use) pipeline?.setReference(e.cameraId, use);
      }
    } else if (msg.type === 'reference') reference(msg);
    else if (msg.type === 'classify') classify(msg).catch(fail);
  };
}

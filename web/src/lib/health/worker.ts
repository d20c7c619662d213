/// <reference lib="webworker" />
/**
 * Tile-health worker: owns the onnxruntime-web session and the TileHealthPipeline (sampling, reference,
 * frozen check, smoothing). The wall transfers one VideoFrame per visible live tile per tick; frames are
 * copied here in their native format (I420/NV12/RGBA…), downsampled in JS, batched and classified.
 */
import * as ort from 'onnxruntime-web';
import {
  TileHealthPipeline,
  type Classifier,
  type PixelFormat,
  type PlaneLayout,
  type RawFrame,
} from '@clinicwall/models';
import type { FromWorker, HealthBackend, HealthChangeMsg, TickFrame, ToWorker } from './protocol.ts';

interface Scope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(msg: FromWorker): void;
}
const scope = self as unknown as Scope;

const NATIVE: Record<string, PixelFormat> = {
  I420: 'I420',
  I420A: 'I420',
  NV12: 'NV12',
  RGBA: 'RGBA',
  RGBX: 'RGBX',
  BGRA: 'BGRA',
  BGRX: 'BGRX',
};

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

let pipeline: TileHealthPipeline | null = null;
let backend: HealthBackend = 'wasm';
let threads = 1;
let busy = false;

async function pickBackend(allowWebGpu: boolean): Promise<HealthBackend> {
  if (!allowWebGpu) return 'wasm';
  const gpu = (
    navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean } } | null> } }
  ).gpu;
  if (!gpu) return 'wasm';
  try {
    const adapter = await gpu.requestAdapter();
    // A software (SwiftShader) adapter is hundreds of times slower than WASM: never use it for speed.
    if (adapter && adapter.info?.isFallbackAdapter === false) return 'webgpu';
  } catch {
    // no adapter
  }
  return 'wasm';
}

async function init(msg: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  const t0 = performance.now();
  ort.env.wasm.wasmPaths = { wasm: msg.wasmUrl };
  ort.env.wasm.numThreads = msg.numThreads;
  ort.env.wasm.proxy = false;
  threads = msg.numThreads;
  backend = await pickBackend(msg.allowWebGpu);
  const session = await ort.InferenceSession.create(msg.modelUrl, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  const classifier = new OrtClassifier(session, session.inputNames[0] ?? 'frames', session.outputNames[0] ?? 'probs');
  // Warm-up: the first run is slow (kernel setup); do it before frames arrive.
  await classifier.run(new Float32Array(9 * 64 * 64), 1);
  pipeline = new TileHealthPipeline({ classifier, sampleHz: 2 });
  scope.postMessage({ type: 'ready', backend, threads, initMs: Math.round(performance.now() - t0) });
}

async function copyFrame(frame: VideoFrame): Promise<RawFrame> {
  const width = frame.visibleRect?.width ?? frame.codedWidth;
  const height = frame.visibleRect?.height ?? frame.codedHeight;
  const native = frame.format ? NATIVE[frame.format] : undefined;
  if (native) {
    const data = new Uint8Array(frame.allocationSize());
    const layout = (await frame.copyTo(data)) as PlaneLayout[];
    return { format: native, width, height, data, layout };
  }
  // Anything else (10-bit, 4:4:4…): let the browser convert.
  const opts = { format: 'RGBA' } as VideoFrameCopyToOptions;
  const data = new Uint8Array(frame.allocationSize(opts));
  const layout = (await frame.copyTo(data, opts)) as PlaneLayout[];
  return { format: 'RGBA', width, height, data, layout };
}

async function tick(msg: Extract<ToWorker, { type: 'tick' }>): Promise<void> {
  const t0 = performance.now();
  const frames: TickFrame[] = msg.frames;
  if (!pipeline || busy) {
    for (const f of frames) f.frame.close();
    scope.postMessage({ type: 'skipped' });
    return;
  }
  busy = true;
  let copyMs = 0;
  let preprocessMs = 0;
  let classified = 0;
  try {
    for (const f of frames) {
      let raw: RawFrame;
      const c0 = performance.now();
      try {
        raw = await copyFrame(f.frame);
      } catch (error) {
        console.warn(`[health] ${f.cameraId}: cannot read frame`, error);
        continue;
      } finally {
        f.frame.close();
      }
      const p0 = performance.now();
      copyMs += p0 - c0;
      if (pipeline.push(f.cameraId, msg.tMs, raw, f.framesDecoded)) classified++;
      preprocessMs += performance.now() - p0;
    }
    const i0 = performance.now();
    const changes = await pipeline.flush();
    const inferenceMs = performance.now() - i0;
    const out: HealthChangeMsg[] = changes.map((c) => ({
      cameraId: c.tileId,
      verdict: c.verdict,
      previous: c.previous,
      onsetAt: Math.round(c.onsetMs),
      confidence: Math.min(1, Math.max(0, c.confidence)),
    }));
    scope.postMessage({
      type: 'tick',
      changes: out,
      stats: {
        backend,
        threads,
        tiles: frames.length,
        classified,
        grabMs: msg.grabMs,
        copyMs,
        preprocessMs,
        inferenceMs,
        totalMs: performance.now() - t0 + msg.grabMs,
      },
    });
  } catch (error) {
    scope.postMessage({ type: 'error', message: String(error) });
  } finally {
    busy = false;
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'init') {
    init(msg).catch((error: unknown) => scope.postMessage({ type: 'error', message: String(error) }));
  } else if (msg.type === 'tick') {
    void tick(msg);
  } else if (msg.type === 'forget') {
    for (const id of msg.cameraIds) pipeline?.removeTile(id);
  }
};

import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import modelUrl from '../../../../models/onnx/tile-health-v1.onnx?url';
import type { ToWorker } from './protocol.ts';

/** Model version reported with every verdict (models/onnx/tile-health-v1.json `name`). */
export const MODEL_VERSION = 'tile-health-v1';

/**
 * Starts the tile-health worker and initialises it. One WASM thread: on a small wall PC the cores are
 * busy decoding video, and a second thread is slower under load (see browser-inference notes).
 */
export function createHealthWorker(): Worker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'tile-health' });
  const init: ToWorker = {
    type: 'init',
    modelUrl: new URL(modelUrl, location.href).href,
    wasmUrl: new URL(wasmUrl, location.href).href,
    numThreads: 1,
    allowWebGpu: true,
  };
  worker.postMessage(init);
  return worker;
}

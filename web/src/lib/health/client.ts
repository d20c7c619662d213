import modelUrl from '../../../../models/onnx/tile-health-v1.onnx?url';
import type { HealthConfig } from './config.ts';
import type { ToWorker } from './protocol.ts';

/** Model version reported with every verdict (models/onnx/tile-health-v1.json `name`). */
export const MODEL_VERSION = 'tile-health-v1';

/** Starts the tile-health worker and initialises it (the worker finds its own onnxruntime .wasm). */
export function createHealthWorker(config: HealthConfig): Worker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'tile-health' });
  const init: ToWorker = {
    type: 'init',
    modelUrl: new URL(modelUrl, location.href).href,
    numThreads: config.threads,
    backend: config.backend,
  };
  worker.postMessage(init);
  return worker;
}

import type { Verdict } from '@clinicwall/models';
import type { WebGpuStatus } from './backend.ts';
import type { ReferenceEntry } from './references.ts';

/** Messages between the wall (main thread) and the tile-health worker. */

export type HealthBackend = 'wasm' | 'webgpu';
/** Backend wish: `auto` takes WebGPU only with a real (non-fallback) adapter. */
export type BackendChoice = 'auto' | 'wasm' | 'webgpu';

export interface TickFrame {
  cameraId: string;
  frame: VideoFrame;
  /** When the frame was grabbed (ms since epoch); default: the tick's `tMs`. */
  tMs?: number;
  /** Cumulative painted/decoded frame counter of the tile (stall signal), if known. */
  framesDecoded?: number;
  /** false: for the frozen check alone, not classified (default true). */
  classify?: boolean;
}

export interface InitMsg {
  type: 'init';
  modelUrl: string;
  /** The onnxruntime .wasm; default: the one this build ships beside the worker. */
  wasmUrl?: string;
  /** WASM threads wanted; the worker uses 1 unless the page is cross-origin isolated. */
  numThreads: number;
  backend: BackendChoice;
  /** Accept a software (fallback) WebGPU adapter: for parity checks and benchmarks only. */
  allowFallbackAdapter?: boolean;
}

export type ToWorker =
  | InitMsg
  /** One tick: `tMs` is ms since epoch; `grabMs` is the main thread's cost of making the frames. */
  | { type: 'tick'; tMs: number; grabMs: number; frames: TickFrame[] }
  /** Cameras no longer shown: their pipeline state is dropped (their references are kept). */
  | { type: 'forget'; cameraIds: string[] }
  /** Stored references (from the previous session). */
  | { type: 'references'; entries: ReferenceEntry[] }
  /** Operator: use the camera's current view as its reference, or go back to the automatic one. */
  | { type: 'reference'; cameraId: string; action: 'capture' | 'automatic' }
  /** Runs the model on a raw [n, 9, 64, 64] batch (parity checks, benchmarks). */
  | { type: 'classify'; id: number; batch: Float32Array; n: number };

export interface HealthChangeMsg {
  cameraId: string;
  verdict: Verdict;
  previous: Verdict;
  onsetAt: number;
  confidence: number;
}

export interface TickStats {
  backend: HealthBackend;
  threads: number;
  /** Frames received this tick. */
  tiles: number;
  /** Frames taken as samples. */
  sampled: number;
  /** Samples classified by the model (a camera's first second only sets up its reference and ring). */
  classified: number;
  grabMs: number;
  copyMs: number;
  preprocessMs: number;
  inferenceMs: number;
  /** Time the worker spent on this tick (copy + preprocess + inference + bookkeeping). */
  workerMs: number;
  totalMs: number;
}

export type FromWorker =
  | {
      type: 'ready';
      backend: HealthBackend;
      threads: number;
      initMs: number;
      /** What the WebGPU probe found (why WebGPU is or is not used), and the adapter or error. */
      webgpu: WebGpuStatus;
      webgpuDetail: string;
      crossOriginIsolated: boolean;
    }
  | { type: 'error'; message: string }
  | { type: 'skipped' }
  | { type: 'tick'; changes: HealthChangeMsg[]; stats: TickStats }
  /** A camera's references changed (learned, captured, reset): persist and show. */
  | { type: 'reference'; entry: ReferenceEntry }
  | { type: 'referenceError'; cameraId: string; message: string }
  | { type: 'probs'; id: number; probs: Float32Array; ms: number };

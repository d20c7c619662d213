import type { Verdict } from '@clinicwall/models';

/** Messages between the wall (main thread) and the tile-health worker. */

export type HealthBackend = 'wasm' | 'webgpu';

export interface TickFrame {
  cameraId: string;
  frame: VideoFrame;
  /** Cumulative painted/decoded frame counter of the tile (stall signal), if known. */
  framesDecoded?: number;
}

export type ToWorker =
  | { type: 'init'; modelUrl: string; wasmUrl: string; numThreads: number; allowWebGpu: boolean }
  /** One tick: `tMs` is ms since epoch; `grabMs` is the main thread's cost of making the frames. */
  | { type: 'tick'; tMs: number; grabMs: number; frames: TickFrame[] }
  /** Cameras no longer shown: their state (reference, ring, smoother) is dropped. */
  | { type: 'forget'; cameraIds: string[] };

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
  tiles: number;
  /** Tiles that were sampled (and classified, once their reference is set). */
  classified: number;
  grabMs: number;
  copyMs: number;
  preprocessMs: number;
  inferenceMs: number;
  totalMs: number;
}

export type FromWorker =
  | { type: 'ready'; backend: HealthBackend; threads: number; initMs: number }
  | { type: 'error'; message: string }
  | { type: 'skipped' }
  | { type: 'tick'; changes: HealthChangeMsg[]; stats: TickStats };

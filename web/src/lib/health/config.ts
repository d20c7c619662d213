/**
 * Tile-health settings a wall can be started with, from its URL: `?healthThreads=2` (WASM threads,
 * used only when the page is cross-origin isolated), `?healthBackend=wasm|webgpu|auto` and
 * `?healthHz=1` (the most model runs per tile and second, 1-2: a weak PC can spare its cores; the
 * frozen check still looks at every tile every half second).
 */
import type { BackendChoice } from './protocol.ts';

/**
 * Default WASM threads. Measured on a 2-core machine decoding a wall (bench/tile-health-browser.ts):
 * a second thread does not pay while the cores are busy decoding video.
 */
export const DEFAULT_THREADS = 1;
export const MAX_THREADS = 8;

export const DEFAULT_MAX_HZ = 2;

export interface HealthConfig {
  threads: number;
  backend: BackendChoice;
  /** Most model runs per tile and second. */
  maxHz: number;
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'wasm', 'webgpu'];

/** From a query string (`location.search`) or its parameters. */
export function healthConfig(query: string | URLSearchParams): HealthConfig {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const t = Number(params.get('healthThreads'));
  const threads = Number.isInteger(t) && t >= 1 && t <= MAX_THREADS ? t : DEFAULT_THREADS;
  const b = params.get('healthBackend') as BackendChoice | null;
  const hz = Number(params.get('healthHz') ?? NaN);
  return {
    threads,
    backend: b && BACKENDS.includes(b) ? b : 'auto',
    maxHz: hz >= 1 && hz <= DEFAULT_MAX_HZ ? hz : DEFAULT_MAX_HZ,
  };
}

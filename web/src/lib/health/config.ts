/**
 * Tile-health settings a wall can be started with, from its URL: `?healthThreads=2` (WASM threads,
 * used only when the page is cross-origin isolated) and `?healthBackend=wasm|webgpu|auto`.
 */
import type { BackendChoice } from './protocol.ts';

/**
 * Default WASM threads. Measured on a 2-core machine decoding a wall (bench/tile-health-browser.ts):
 * a second thread does not pay while the cores are busy decoding video.
 */
export const DEFAULT_THREADS = 1;
export const MAX_THREADS = 8;

export interface HealthConfig {
  threads: number;
  backend: BackendChoice;
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'wasm', 'webgpu'];

/** From a query string (`location.search`) or its parameters. */
export function healthConfig(query: string | URLSearchParams): HealthConfig {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const t = Number(params.get('healthThreads'));
  const threads = Number.isInteger(t) && t >= 1 && t <= MAX_THREADS ? t : DEFAULT_THREADS;
  const b = params.get('healthBackend') as BackendChoice | null;
  return { threads, backend: b && BACKENDS.includes(b) ? b : 'auto' };
}

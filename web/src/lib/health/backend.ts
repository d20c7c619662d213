/**
 * Which inference backend the worker uses. WebGPU only with a real adapter: a software (SwiftShader)
 * fallback adapter is hundreds of times slower than WASM, and onnxruntime-web would silently fall back
 * to WASM if given both, so the adapter is probed here and one provider is chosen explicitly.
 */
import type { BackendChoice, HealthBackend } from './protocol.ts';

interface GpuAdapterLike {
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

/** What the WebGPU probe found. */
export type WebGpuStatus = 'not-requested' | 'no-api' | 'no-adapter' | 'fallback-only' | 'error' | 'available';

export interface BackendPick {
  backend: HealthBackend;
  webgpu: WebGpuStatus;
  /** Adapter name or error text. */
  detail: string;
}

export async function pickBackend(
  choice: BackendChoice,
  gpu: GpuLike | undefined,
  allowFallbackAdapter = false,
): Promise<BackendPick> {
  if (choice === 'wasm') return { backend: 'wasm', webgpu: 'not-requested', detail: '' };
  if (!gpu) return { backend: 'wasm', webgpu: 'no-api', detail: 'navigator.gpu is missing' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return { backend: 'wasm', webgpu: 'error', detail: `requestAdapter() failed: ${String(error)}` };
  }
  if (!adapter) return { backend: 'wasm', webgpu: 'no-adapter', detail: 'requestAdapter() returned null' };
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  if (info.isFallbackAdapter !== false) {
    const detail = `${name}, isFallbackAdapter=${String(info.isFallbackAdapter)}`;
    const use = choice === 'webgpu' && allowFallbackAdapter;
    return { backend: use ? 'webgpu' : 'wasm', webgpu: 'fallback-only', detail };
  }
  return { backend: 'webgpu', webgpu: 'available', detail: name };
}

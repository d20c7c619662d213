import type { RegistrySnapshot } from '@clinicwall/contract';
import { reportUnauthenticated } from './auth/unauthenticated.ts';

/** GET /api/v1/registry (same origin). */
export async function fetchRegistry(signal?: AbortSignal): Promise<RegistrySnapshot> {
  const res = await fetch('/api/v1/registry', { signal, headers: { accept: 'application/json' }, cache: 'no-store' });
  if (res.status === 401) reportUnauthenticated();
  if (!res.ok) throw new Error(`registry: HTTP ${res.status}`);
  return (await res.json()) as RegistrySnapshot;
}

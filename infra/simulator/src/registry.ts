/** Picks the simulated cameras from a registry snapshot (the demo fixture by default). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RegistrySnapshot } from '@clinicwall/contract';
import type { SceneCamera } from './scene.ts';

export const DEFAULT_REGISTRY_PATH = fileURLToPath(new URL('../../fixtures/demo-registry.json', import.meta.url));
export const MAX_CAMERAS = 100;

export function loadRegistry(path: string = DEFAULT_REGISTRY_PATH): RegistrySnapshot {
  return RegistrySnapshot.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * The first `count` ingest cameras, with their UDP targets. With `basePort`, camera i sends to
 * basePort+2i (main) and basePort+2i+1 (sub) on 127.0.0.1 instead of the registry's URLs.
 */
export function selectCameras(registry: RegistrySnapshot, count: number, basePort?: number): SceneCamera[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CAMERAS) {
    throw new RangeError(`cameras must be an integer from 1 to ${MAX_CAMERAS}, got ${count}`);
  }
  if (basePort !== undefined && (!Number.isInteger(basePort) || basePort < 1024 || basePort + 2 * count > 65535)) {
    throw new RangeError(`basePort must leave room for ${2 * count} ports between 1024 and 65535, got ${basePort}`);
  }
  const ingest = registry.cameras.filter((c) => c.source.kind === 'ingest');
  if (ingest.length < count)
    throw new RangeError(`the registry has only ${ingest.length} ingest cameras, asked for ${count}`);
  const clinics = new Map(registry.clinics.map((c) => [c.id, c]));
  return ingest.slice(0, count).map((c, index) => {
    if (c.source.kind !== 'ingest') throw new Error('unreachable');
    const main = basePort === undefined ? c.source.main : `udp://127.0.0.1:${basePort + 2 * index}`;
    const sub = basePort === undefined ? c.source.sub : `udp://127.0.0.1:${basePort + 2 * index + 1}`;
    for (const url of [main, sub]) {
      if (!url.startsWith('udp://'))
        throw new Error(`${c.id}: the simulator sends MPEG-TS over UDP only, not to ${url}`);
    }
    return {
      index,
      id: c.id,
      name: c.name,
      nameEn: c.nameEn,
      area: c.area,
      clinicId: c.clinicId,
      clinicName: clinics.get(c.clinicId)?.name ?? c.clinicId,
      main,
      sub,
    };
  });
}

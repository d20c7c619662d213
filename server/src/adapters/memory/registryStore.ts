import { readFile } from 'node:fs/promises';
import { RegistrySnapshot, type Terminal } from '@clinicwall/contract';
import type { RegistryStore } from '../../domain/registry.ts';

/** In-memory registry, seeded from a fixture file (the demo's) and optionally cut to N cameras. */
export class MemoryRegistryStore implements RegistryStore {
  #snap: RegistrySnapshot;

  constructor(snapshot: RegistrySnapshot) {
    this.#snap = snapshot;
  }

  static async fromFixture(path: string, maxIngestCameras?: number): Promise<MemoryRegistryStore> {
    const parsed = RegistrySnapshot.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) throw new Error(`registry fixture ${path} is invalid: ${parsed.error.message}`);
    return new MemoryRegistryStore(limitCameras(parsed.data, maxIngestCameras));
  }

  async load(): Promise<RegistrySnapshot> {
    return structuredClone(this.#snap);
  }

  async save(snapshot: RegistrySnapshot): Promise<void> {
    this.#snap = structuredClone(snapshot);
  }

  async saveTerminal(terminal: Terminal): Promise<void> {
    const copy = structuredClone(terminal);
    const known = this.#snap.terminals.some((t) => t.id === terminal.id);
    const terminals = known
      ? this.#snap.terminals.map((t) => (t.id === terminal.id ? copy : t))
      : [...this.#snap.terminals, copy];
    this.#snap = { ...this.#snap, terminals };
  }
}

/** Keeps the first N IP cameras (and every WebRTC camera), and only clinics that still have cameras. */
export function limitCameras(snap: RegistrySnapshot, maxIngest?: number): RegistrySnapshot {
  if (maxIngest === undefined) return snap;
  let n = 0;
  const cameras = snap.cameras.filter((c) => c.source.kind !== 'ingest' || n++ < maxIngest);
  const clinicIds = new Set(cameras.map((c) => c.clinicId));
  const camIds = new Set(cameras.map((c) => c.id));
  return {
    regions: snap.regions,
    clinics: snap.clinics.filter((c) => clinicIds.has(c.id)),
    cameras,
    terminals: snap.terminals
      .filter((t) => clinicIds.has(t.clinicId))
      .map((t) => ({ ...t, cameraId: t.cameraId && camIds.has(t.cameraId) ? t.cameraId : null })),
  };
}

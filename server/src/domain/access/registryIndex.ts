import type { Camera, RegistrySnapshot } from '@clinicwall/contract';

/** Anything that hands out the current registry snapshot (the Registry service does). */
export interface RegistrySource {
  snapshot(): RegistrySnapshot;
}

/** Where a resource sits: camera → clinic → region. */
export interface Placement {
  regionId: string;
  clinicId: string | null;
  camera: Camera | null;
}

/** Lookup maps over one snapshot, so a policy decision costs a few map reads. */
export class RegistryIndex {
  readonly regionIds: ReadonlySet<string>;
  readonly clinicRegion: ReadonlyMap<string, string>;
  readonly cameras: ReadonlyMap<string, Camera>;
  readonly terminalClinic: ReadonlyMap<string, string>;
  readonly snapshot: RegistrySnapshot;

  constructor(snap: RegistrySnapshot) {
    this.snapshot = snap;
    this.regionIds = new Set(snap.regions.map((r) => r.id));
    this.clinicRegion = new Map(snap.clinics.map((c) => [c.id, c.regionId]));
    this.cameras = new Map(snap.cameras.map((c) => [c.id, c]));
    this.terminalClinic = new Map(snap.terminals.map((t) => [t.id, t.clinicId]));
  }

  region(id: string): Placement | null {
    return this.regionIds.has(id) ? { regionId: id, clinicId: null, camera: null } : null;
  }

  clinic(id: string): Placement | null {
    const regionId = this.clinicRegion.get(id);
    return regionId === undefined ? null : { regionId, clinicId: id, camera: null };
  }

  camera(id: string): Placement | null {
    const camera = this.cameras.get(id);
    const at = camera && this.clinic(camera.clinicId);
    return at ? { ...at, camera: camera ?? null } : null;
  }

  terminal(id: string): Placement | null {
    const clinicId = this.terminalClinic.get(id);
    return clinicId === undefined ? null : this.clinic(clinicId);
  }
}

/**
 * Keeps one index per snapshot object: the Registry replaces its snapshot on load, so a new object
 * means a new index. Call `refresh()` after changing a snapshot in place.
 */
export class RegistryIndexCache {
  readonly #source: RegistrySource;
  #index: RegistryIndex | null = null;

  constructor(source: RegistrySource) {
    this.#source = source;
  }

  current(): RegistryIndex {
    const snap = this.#source.snapshot();
    if (this.#index?.snapshot !== snap) this.#index = new RegistryIndex(snap);
    return this.#index;
  }

  refresh(): void {
    this.#index = null;
  }
}

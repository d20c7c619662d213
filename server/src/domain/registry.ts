import type { Camera, Clinic, Region, RegistrySnapshot, Terminal } from '@clinicwall/contract';
import { DomainError } from './errors.ts';

/** Storage port of the registry (regions → clinics → cameras → terminals). */
export interface RegistryStore {
  load(): Promise<RegistrySnapshot>;
  save(snapshot: RegistrySnapshot): Promise<void>;
}

/** The registry service: lookups over a snapshot kept by a store. */
export class Registry {
  readonly #store: RegistryStore;
  #snap: RegistrySnapshot = { regions: [], clinics: [], cameras: [], terminals: [] };

  constructor(store: RegistryStore) {
    this.#store = store;
  }

  async load(): Promise<void> {
    this.#snap = await this.#store.load();
  }

  snapshot(): RegistrySnapshot {
    return this.#snap;
  }

  cameras(): Camera[] {
    return this.#snap.cameras;
  }

  camera(id: string): Camera {
    const c = this.#snap.cameras.find((x) => x.id === id);
    if (!c) throw new DomainError('not_found', `camera ${id} does not exist`);
    return c;
  }

  clinic(id: string): Clinic {
    const c = this.#snap.clinics.find((x) => x.id === id);
    if (!c) throw new DomainError('not_found', `clinic ${id} does not exist`);
    return c;
  }

  regions(): Region[] {
    return this.#snap.regions;
  }

  terminals(): Terminal[] {
    return this.#snap.terminals;
  }
}

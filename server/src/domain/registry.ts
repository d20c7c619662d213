import type { Camera, Clinic, Region, RegistrySnapshot, Terminal } from '@clinicwall/contract';
import { DomainError } from './errors.ts';

/** Storage port of the registry (regions → clinics → cameras → terminals). */
export interface RegistryStore {
  load(): Promise<RegistrySnapshot>;
  save(snapshot: RegistrySnapshot): Promise<void>;
  /** Persists one terminal (its camera mapping) and tells every process sharing the store. */
  saveTerminal(terminal: Terminal): Promise<void>;
  /** Calls back when another process changed the registry; returns an unsubscribe. */
  watch?(onChange: () => void): () => void;
}

/** Lookup maps over one snapshot (built once per snapshot object). */
interface Lookups {
  snap: RegistrySnapshot;
  terminals: Map<string, Terminal>;
  clinicsByCode: Map<string, Clinic>;
  clinics: Map<string, Clinic>;
  cameras: Map<string, Camera>;
}

/** The registry service: lookups over a snapshot kept by a store. */
export class Registry {
  readonly #store: RegistryStore;
  #snap: RegistrySnapshot = { regions: [], clinics: [], cameras: [], terminals: [] };
  #lookups: Lookups | null = null;

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
    const c = this.clinicById(id);
    if (!c) throw new DomainError('not_found', `clinic ${id} does not exist`);
    return c;
  }

  regions(): Region[] {
    return this.#snap.regions;
  }

  terminals(): Terminal[] {
    return this.#snap.terminals;
  }

  terminal(id: string): Terminal | undefined {
    return this.#index().terminals.get(id);
  }

  clinicByCode(code: string): Clinic | undefined {
    return this.#index().clinicsByCode.get(code);
  }

  clinicById(id: string): Clinic | undefined {
    return this.#index().clinics.get(id);
  }

  hasCamera(id: string): boolean {
    return this.#index().cameras.has(id);
  }

  /**
   * Maps a terminal to the camera that sees it (null: none). The camera must exist and belong to the
   * terminal's clinic. The snapshot is replaced, not changed in place.
   */
  async mapTerminal(terminalId: string, cameraId: string | null): Promise<Terminal> {
    const terminal = this.terminal(terminalId);
    if (!terminal) throw new DomainError('not_found', `terminal ${terminalId} does not exist`);
    if (cameraId !== null) {
      const camera = this.#index().cameras.get(cameraId);
      if (!camera)
        throw new DomainError('invalid_argument', 'unknown camera', { cameraId: `camera ${cameraId} does not exist` });
      if (camera.clinicId !== terminal.clinicId)
        throw new DomainError('invalid_argument', 'camera of another clinic', {
          cameraId: `camera ${cameraId} belongs to clinic ${camera.clinicId}, the terminal to ${terminal.clinicId}`,
        });
    }
    const updated: Terminal = { ...terminal, cameraId };
    await this.#store.saveTerminal(updated);
    this.#snap = { ...this.#snap, terminals: this.#snap.terminals.map((t) => (t.id === terminalId ? updated : t)) };
    return updated;
  }

  /** Reloads whenever another process changes the store; returns a stop function. */
  follow(onError: (error: unknown) => void = () => undefined): () => void {
    return this.#store.watch?.(() => void this.load().catch(onError)) ?? (() => undefined);
  }

  #index(): Lookups {
    if (this.#lookups?.snap !== this.#snap) {
      const snap = this.#snap;
      this.#lookups = {
        snap,
        terminals: new Map(snap.terminals.map((t) => [t.id, t])),
        clinicsByCode: new Map(snap.clinics.map((c) => [c.code, c])),
        clinics: new Map(snap.clinics.map((c) => [c.id, c])),
        cameras: new Map(snap.cameras.map((c) => [c.id, c])),
      };
    }
    return this.#lookups;
  }
}

import type { Camera, Clinic, RegistrySnapshot, Terminal } from '@clinicwall/contract';

export interface Named {
  name: string;
  nameEn: string;
}

/** Registry lookups for the swipe pages: names by id, a clinic's terminals and cameras. */
export class RegistryNames {
  readonly clinics: Clinic[];
  readonly #clinics: Map<string, Clinic>;
  readonly #cameras: Map<string, Camera>;
  readonly #terminals: Map<string, Terminal>;
  readonly #byClinic = new Map<string, { terminals: Terminal[]; cameras: Camera[] }>();

  constructor(snapshot: RegistrySnapshot | null) {
    this.clinics = snapshot ? [...snapshot.clinics] : [];
    this.#clinics = new Map(this.clinics.map((c) => [c.id, c]));
    this.#cameras = new Map((snapshot?.cameras ?? []).map((c) => [c.id, c]));
    this.#terminals = new Map((snapshot?.terminals ?? []).map((t) => [t.id, t]));
    for (const c of this.clinics) this.#byClinic.set(c.id, { terminals: [], cameras: [] });
    for (const t of snapshot?.terminals ?? []) this.#byClinic.get(t.clinicId)?.terminals.push(t);
    for (const c of snapshot?.cameras ?? []) this.#byClinic.get(c.clinicId)?.cameras.push(c);
  }

  clinic(id: string | null): Clinic | undefined {
    return id === null ? undefined : this.#clinics.get(id);
  }

  camera(id: string): Camera | undefined {
    return this.#cameras.get(id);
  }

  terminal(id: string): Terminal | undefined {
    return this.#terminals.get(id);
  }

  terminalClinic(terminalId: string): string | null {
    return this.#terminals.get(terminalId)?.clinicId ?? null;
  }

  terminalsOf(clinicId: string | null): Terminal[] {
    if (clinicId === null) return [...this.#terminals.values()];
    return this.#byClinic.get(clinicId)?.terminals ?? [];
  }

  camerasOf(clinicId: string): Camera[] {
    return this.#byClinic.get(clinicId)?.cameras ?? [];
  }

  /** A copy with one terminal replaced (after an admin changed its camera). */
  static withTerminal(snapshot: RegistrySnapshot, terminal: Terminal): RegistrySnapshot {
    return { ...snapshot, terminals: snapshot.terminals.map((t) => (t.id === terminal.id ? terminal : t)) };
  }
}

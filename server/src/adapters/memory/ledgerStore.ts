import type { LedgerEntryDto } from '@clinicwall/contract';
import type { LedgerFilter, LedgerStore } from '../../domain/ledger/ledgerStore.ts';

/** In-memory LedgerStore (embedded default, test double). No delete, like the port. */
export class MemoryLedgerStore implements LedgerStore {
  readonly #entries = new Map<string, LedgerEntryDto>();

  async put(entry: LedgerEntryDto): Promise<void> {
    this.#entries.set(entry.id, structuredClone(entry));
  }

  async get(id: string): Promise<LedgerEntryDto | null> {
    const e = this.#entries.get(id);
    return e ? structuredClone(e) : null;
  }

  async byAlarm(alarmId: string): Promise<LedgerEntryDto | null> {
    const e = [...this.#entries.values()].find((x) => x.alarmId === alarmId);
    return e ? structuredClone(e) : null;
  }

  async list(f: LedgerFilter): Promise<LedgerEntryDto[]> {
    return [...this.#entries.values()]
      .filter(
        (e) =>
          (f.clinicId === undefined || e.clinicId === f.clinicId) &&
          (f.clinicIds === undefined || f.clinicIds.includes(e.clinicId)) &&
          (f.from === undefined || e.startedAt >= f.from) &&
          (f.to === undefined || e.startedAt < f.to),
      )
      .sort((a, b) => b.startedAt - a.startedAt)
      .map((e) => structuredClone(e));
  }
}

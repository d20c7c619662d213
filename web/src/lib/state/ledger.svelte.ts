import type { ClinicLedgerReportDto, LedgerEntryDto, RegistrySnapshot } from '@clinicwall/contract';
import { annulLedgerEntry, createLedgerEntry, fetchClinicLedger } from '../alarms/api.ts';
import {
  inspectorBody,
  inspectorServerErrors,
  validateInspectorForm,
  type InspectorErrors,
  type InspectorForm,
} from '../ledger/inspector.ts';
import type { DateRange } from '../ledger/range.ts';
import { fetchRegistry } from '../registry.ts';
import { ApiError, describeApiError } from '../http/apiCall.ts';

export type LedgerPhase = 'loading' | 'ready' | 'error';

/**
 * One clinic's ledger report for a range of days (both from the page's URL): counts per category,
 * minutes, the per-day trend and the entries; an inspector's new entry and annulments reload it
 * (entries are never removed, an annulled one stays listed with its reason).
 */
export class LedgerState {
  registry = $state.raw<RegistrySnapshot | null>(null);
  registryError = $state<string | null>(null);
  report = $state.raw<ClinicLedgerReportDto | null>(null);
  phase = $state<LedgerPhase>('loading');
  error = $state<string | null>(null);
  /** The entry just recorded or annulled (a short confirmation). */
  saved = $state.raw<LedgerEntryDto | null>(null);

  #abort: AbortController | null = null;

  async loadRegistry(): Promise<void> {
    try {
      this.registry = await fetchRegistry();
      this.registryError = null;
    } catch (error) {
      this.registryError = describeApiError(error);
    }
  }

  async load(clinicId: string, range: DateRange): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.phase = 'loading';
    this.error = null;
    try {
      const report = await fetchClinicLedger(clinicId, range, abort.signal);
      if (abort.signal.aborted) return;
      this.report = report;
      this.phase = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.phase = 'error';
      this.error = describeApiError(error);
    }
  }

  /** Records an inspector's entry; returns the problems per field (empty when saved). */
  async addEntry(clinicId: string, form: InspectorForm, range: DateRange): Promise<InspectorErrors> {
    const errors = validateInspectorForm(form);
    if (Object.keys(errors).length > 0) return errors;
    try {
      this.saved = await createLedgerEntry(inspectorBody(clinicId, form));
    } catch (error) {
      return error instanceof ApiError
        ? inspectorServerErrors(error.fields, error.message)
        : { form: { text: describeApiError(error) } };
    }
    await this.load(clinicId, range);
    return {};
  }

  /** Annuls an entry (rejects with the server's message); the entry stays listed, marked annulled. */
  async annul(entryId: string, reason: string, clinicId: string, range: DateRange): Promise<void> {
    const entry = await annulLedgerEntry({ entryId, reason: reason.trim() });
    this.saved = entry;
    if (this.report)
      this.report = { ...this.report, entries: this.report.entries.map((e) => (e.id === entry.id ? entry : e)) };
    await this.load(clinicId, range);
  }

  stop(): void {
    this.#abort?.abort();
  }
}

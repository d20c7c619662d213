import type { LedgerEntryDto } from '@clinicwall/contract';

export interface LedgerFilter {
  clinicId?: string;
  /** Only entries of these clinics (the caller's scope). */
  clinicIds?: readonly string[];
  /** startedAt at or after. */
  from?: number;
  /** startedAt before. */
  to?: number;
}

/**
 * Storage port of the violations ledger. Append and replace only: there is deliberately no delete
 * (an entry is annulled, never removed).
 */
export interface LedgerStore {
  /** Insert or replace by id (replacing records a closing or an annulment). */
  put(entry: LedgerEntryDto): Promise<void>;
  get(id: string): Promise<LedgerEntryDto | null>;
  /** The system entry recorded for an alarm, if any. */
  byAlarm(alarmId: string): Promise<LedgerEntryDto | null>;
  /** Newest startedAt first. */
  list(filter: LedgerFilter): Promise<LedgerEntryDto[]>;
}

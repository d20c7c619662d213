import type { AuditEntryDto, AuditPageDto, AuditQuery } from '@clinicwall/contract';
import type { AuditLog, NewAuditEntry } from '../../domain/audit/auditLog.ts';
import { pageOf } from '../../domain/audit/auditQuery.ts';

/** In-memory audit log: an array that only grows; entries are frozen copies. */
export class MemoryAuditLog implements AuditLog {
  readonly #entries: AuditEntryDto[] = [];
  #lastMs = 0;
  #seq = 0;

  async append(entry: NewAuditEntry): Promise<AuditEntryDto> {
    const ms = Math.max(Date.parse(entry.at), this.#lastMs);
    this.#seq = ms === this.#lastMs ? this.#seq + 1 : 0;
    this.#lastMs = ms;
    const stored = deepFreeze(structuredClone({ id: `${ms}-${this.#seq}`, ...entry }));
    this.#entries.push(stored);
    return structuredClone(stored);
  }

  async query(query: AuditQuery): Promise<AuditPageDto> {
    return structuredClone(pageOf(newestFirst(this.#entries), query));
  }
}

function* newestFirst<T>(entries: readonly T[]): Generator<T> {
  for (let i = entries.length - 1; i >= 0; i--) yield entries[i]!;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

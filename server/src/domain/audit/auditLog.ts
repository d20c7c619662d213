import type { AuditEntryDto, AuditPageDto, AuditQuery } from '@clinicwall/contract';

/** An entry before the log gives it its ordered id. */
export type NewAuditEntry = Omit<AuditEntryDto, 'id'>;

/**
 * Storage port of the audit log. Append-only by construction: there is no update and no delete,
 * and an appended entry never changes (implementations hand out copies).
 */
export interface AuditLog {
  /** Stores one entry and returns it with its id (`<ms>-<seq>`, increasing in append order). */
  append(entry: NewAuditEntry): Promise<AuditEntryDto>;
  /** Entries matching the filters, newest first, one page at a time. */
  query(query: AuditQuery): Promise<AuditPageDto>;
}

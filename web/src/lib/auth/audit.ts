import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AUDIT_TARGET_KINDS,
  type AuditAction,
  type AuditEntryDto,
  type AuditOutcome,
  type AuditTargetKind,
} from '@clinicwall/contract';
import { localInputToIso } from '../maintenance/time.ts';

/** The audit page's search form; times are `<input type="datetime-local">` values in the browser's zone. */
export interface AuditFilter {
  username: string;
  action: AuditAction | '';
  outcome: AuditOutcome | '';
  targetKind: AuditTargetKind | '';
  targetId: string;
  from: string;
  to: string;
}

export const EMPTY_FILTER: AuditFilter = {
  username: '',
  action: '',
  outcome: '',
  targetKind: '',
  targetId: '',
  from: '',
  to: '',
};

export const PAGE_SIZE = 50;
const FIELDS = Object.keys(EMPTY_FILTER) as (keyof AuditFilter)[];

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | '' =>
  v !== null && (list as readonly string[]).includes(v) ? (v as T) : '';

/** The filter kept in the page's URL (shareable, survives a reload); unknown values are dropped. */
export function filterFromSearch(params: URLSearchParams): AuditFilter {
  return {
    username: params.get('username') ?? '',
    action: oneOf(AUDIT_ACTIONS, params.get('action')),
    outcome: oneOf(AUDIT_OUTCOMES, params.get('outcome')),
    targetKind: oneOf(AUDIT_TARGET_KINDS, params.get('targetKind')),
    targetId: params.get('targetId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

export function filterSearch(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const k of FIELDS) if (filter[k].trim()) params.set(k, filter[k].trim());
  const s = params.toString();
  return s ? `?${s}` : '';
}

export type FilterProblem = { field: 'from' | 'to'; key: 'audit.badTime' | 'audit.badRange' };

/**
 * The API query (GET /api/v1/audit) of a filter and page cursor, or the form's problem
 * (an unreadable time, or an end before the start).
 */
export function auditQueryOf(
  filter: AuditFilter,
  before: string | null,
  limit = PAGE_SIZE,
  offsetMinutes?: number,
): { query: Record<string, string> } | { problem: FilterProblem } {
  const query: Record<string, string> = { limit: String(limit) };
  const username = filter.username.trim().toLowerCase();
  if (username) query.username = username;
  if (filter.action) query.action = filter.action;
  if (filter.outcome) query.outcome = filter.outcome;
  if (filter.targetKind) query.targetKind = filter.targetKind;
  if (filter.targetId.trim()) query.targetId = filter.targetId.trim();
  for (const field of ['from', 'to'] as const) {
    if (!filter[field].trim()) continue;
    const iso = localInputToIso(filter[field], offsetMinutes);
    if (!iso) return { problem: { field, key: 'audit.badTime' } };
    query[field] = iso;
  }
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to))
    return { problem: { field: 'to', key: 'audit.badRange' } };
  if (before) query.before = before;
  return { query };
}

/** The entry's detail as `key: value` pairs for one line (arrays joined, nulls shown as —). */
export function detailPairs(entry: AuditEntryDto): [string, string][] {
  return Object.entries(entry.detail).map(([k, v]) => [
    k,
    v === null ? '—' : Array.isArray(v) ? v.join(', ') : String(v),
  ]);
}

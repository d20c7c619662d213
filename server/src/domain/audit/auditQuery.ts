import { compareEventIds, type AuditEntryDto, type AuditPageDto, type AuditQuery } from '@clinicwall/contract';

/** True when an entry passes every filter of the query (paging aside). */
export function matchesAuditQuery(entry: AuditEntryDto, q: AuditQuery): boolean {
  if (q.userId !== undefined && entry.actor.userId !== q.userId) return false;
  if (q.username !== undefined && entry.actor.username !== q.username) return false;
  if (q.action !== undefined && entry.action !== q.action) return false;
  if (q.outcome !== undefined && entry.outcome !== q.outcome) return false;
  if (q.targetKind !== undefined && entry.target?.kind !== q.targetKind) return false;
  if (q.targetId !== undefined && entry.target?.id !== q.targetId) return false;
  const at = Date.parse(entry.at);
  if (q.from !== undefined && at < Date.parse(q.from)) return false;
  if (q.to !== undefined && at > Date.parse(q.to)) return false;
  return true;
}

/** One page from entries given newest first: those older than `before`, at most `limit`. */
export function pageOf(newestFirst: Iterable<AuditEntryDto>, q: AuditQuery): AuditPageDto {
  const items: AuditEntryDto[] = [];
  let more = false;
  for (const entry of newestFirst) {
    if (q.before !== undefined && compareEventIds(entry.id, q.before) >= 0) continue;
    if (!matchesAuditQuery(entry, q)) continue;
    if (items.length === q.limit) {
      more = true;
      break;
    }
    items.push(entry);
  }
  return { items, nextBefore: more ? items[items.length - 1]!.id : null };
}

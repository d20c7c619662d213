import type { AuditEntryDto } from '@clinicwall/contract';
import { fetchAudit } from '../auth/api.ts';
import { auditQueryOf, type AuditFilter, type FilterProblem } from '../auth/audit.ts';
import { describeApiError } from '../http/apiCall.ts';

export type AuditStatus = 'idle' | 'loading' | 'loaded' | 'error';

/** The audit log as the admin searches it: newest first, older pages appended on demand. */
export class AuditLog {
  items = $state.raw<AuditEntryDto[]>([]);
  nextBefore = $state<string | null>(null);
  status = $state<AuditStatus>('idle');
  loadingMore = $state(false);
  error = $state<string | null>(null);
  problem = $state<FilterProblem | null>(null);

  #filter: AuditFilter | null = null;
  #abort: AbortController | null = null;

  /** Runs a new search (first page). */
  async search(filter: AuditFilter): Promise<void> {
    const q = auditQueryOf(filter, null);
    if ('problem' in q) {
      this.problem = q.problem;
      return;
    }
    this.problem = null;
    this.#filter = filter;
    const abort = this.#restart();
    this.status = 'loading';
    this.loadingMore = false;
    this.error = null;
    try {
      const page = await fetchAudit(q.query, abort.signal);
      this.items = page.items;
      this.nextBefore = page.nextBefore;
      this.status = 'loaded';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.error = describeApiError(error);
      this.status = 'error';
    }
  }

  /** Appends the next older page. */
  async more(): Promise<void> {
    if (!this.#filter || !this.nextBefore || this.loadingMore) return;
    const q = auditQueryOf(this.#filter, this.nextBefore);
    if ('problem' in q) return;
    const abort = this.#restart();
    this.loadingMore = true;
    this.error = null;
    try {
      const page = await fetchAudit(q.query, abort.signal);
      // A local lookup, not UI state.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const seen = new Set(this.items.map((e) => e.id));
      this.items = [...this.items, ...page.items.filter((e) => !seen.has(e.id))];
      this.nextBefore = page.nextBefore;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.error = describeApiError(error);
    } finally {
      if (!abort.signal.aborted) this.loadingMore = false;
    }
  }

  stop(): void {
    this.#abort?.abort();
  }

  #restart(): AbortController {
    this.#abort?.abort();
    this.#abort = new AbortController();
    return this.#abort;
  }
}

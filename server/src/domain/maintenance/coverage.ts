import type { MaintenanceReportDto, ReportCoverage } from '@clinicwall/contract';

export interface Span {
  from: number;
  to: number;
}

/**
 * The time a report excuses. A report filed in advance covers its whole window; a late one covers it
 * only from when it was filed: the clinic must report *before* cutting a camera, so the part of an
 * outage that was already past when the report arrived stays unreported.
 */
export function coverageOf(report: MaintenanceReportDto): ReportCoverage {
  return {
    reportId: report.id,
    from: Math.max(report.startsAt, report.createdAt),
    to: report.endsAt,
    late: report.late,
  };
}

/** Sorted, disjoint union of the spans (empty spans dropped). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** Whether [start, end) shares any time with a span. */
export function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => s.from < end && s.to > start && s.to > s.from);
}

/** Time within [start, end) that no span covers. */
export function unreportedMs(spans: readonly Span[], start: number, end: number): number {
  let covered = 0;
  for (const s of mergeSpans(spans)) covered += Math.max(0, Math.min(end, s.to) - Math.max(start, s.from));
  return Math.max(0, end - start - covered);
}

/** The moment the unreported time since `start` reaches `thresholdMs` (spans known now). */
export function unreportedReachesAt(spans: readonly Span[], start: number, thresholdMs: number): number {
  let t = start;
  let remaining = thresholdMs;
  for (const s of mergeSpans(spans)) {
    if (s.to <= t) continue;
    if (s.from > t) {
      if (s.from - t >= remaining) return t + remaining;
      remaining -= s.from - t;
    }
    t = s.to;
  }
  return t + remaining;
}

/** If `t` falls inside a span, the end of the covered stretch around it; otherwise null. */
export function coveredUntil(spans: readonly Span[], t: number): number | null {
  const s = mergeSpans(spans).find((x) => x.from <= t && t < x.to);
  return s ? s.to : null;
}

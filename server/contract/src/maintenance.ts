import { z } from 'zod';

/**
 * Maintenance reports (报备): a clinic announces a planned outage of some of its cameras. Alarms
 * overlapping the window are shown as reported, and time inside it never counts as a violation.
 * A report filed after its window began is accepted but marked late, and excuses time only from
 * when it was filed (see ReportCoverage in alarms.ts).
 */

/** Longest window one report may cover. */
export const MAINTENANCE_MAX_WINDOW_HOURS = 72;
/** Shortest window one report may cover. */
export const MAINTENANCE_MIN_WINDOW_MINUTES = 5;
/** Most cameras one report may name. */
export const MAINTENANCE_MAX_CAMERAS = 200;

const isoTime = z.iso
  .datetime({ offset: true, message: 'an ISO 8601 time with offset, e.g. 2026-11-23T09:30:00+08:00' })
  .transform((s) => Date.parse(s));

export const MaintenanceReportCreate = z
  .object({
    clinicId: z.string().min(1).max(64),
    cameraIds: z
      .array(z.string().min(1).max(64))
      .min(1, 'at least one camera')
      .max(MAINTENANCE_MAX_CAMERAS, `at most ${MAINTENANCE_MAX_CAMERAS} cameras`)
      .refine((ids) => new Set(ids).size === ids.length, 'each camera once'),
    startsAt: isoTime,
    endsAt: isoTime,
    reason: z.string().trim().min(2, 'at least 2 characters').max(500, 'at most 500 characters'),
  })
  .refine((r) => r.endsAt > r.startsAt, {
    path: ['endsAt'],
    message: 'must be after startsAt',
    when: (payload) => payload.issues.length === 0,
  });
/** Parsed: times are ms since epoch. */
export type MaintenanceReportCreate = z.infer<typeof MaintenanceReportCreate>;
/** As sent: times are ISO strings. */
export type MaintenanceReportCreateInput = z.input<typeof MaintenanceReportCreate>;

export interface MaintenanceReportDto {
  id: string;
  clinicId: string;
  cameraIds: string[];
  startsAt: number;
  endsAt: number;
  reason: string;
  createdAt: number;
  createdBy: string;
  /** Filed after the window began. */
  late: boolean;
}

/** GET /api/v1/maintenance-reports: a clinic's reports whose window overlaps [from, to) (ms), newest start first. */
export const MaintenanceReportQuery = z.object({
  clinicId: z.string({ error: 'a clinicId is required' }).min(1, 'a clinicId is required').max(64),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().positive().optional(),
});
export type MaintenanceReportQuery = z.infer<typeof MaintenanceReportQuery>;

import {
  MAINTENANCE_MAX_CAMERAS,
  MAINTENANCE_MAX_WINDOW_HOURS,
  MAINTENANCE_MIN_WINDOW_MINUTES,
  type MaintenanceReportCreateInput,
} from '@clinicwall/contract';
import { localInputToIso, localInputToMs, toLocalInput } from './time.ts';

/** The report form as typed (times are datetime-local values in the browser's zone). */
export interface ReportForm {
  clinicId: string;
  cameraIds: string[];
  startsAt: string;
  endsAt: string;
  reason: string;
}

export type ReportField = keyof ReportForm;
export const REPORT_FIELDS: readonly ReportField[] = ['clinicId', 'cameraIds', 'startsAt', 'endsAt', 'reason'];

export type ReportErrorKey =
  | 'maint.err.clinic'
  | 'maint.err.cameras'
  | 'maint.err.tooManyCameras'
  | 'maint.err.time'
  | 'maint.err.order'
  | 'maint.err.tooShort'
  | 'maint.err.tooLong'
  | 'maint.err.reason';

/** A field's problem: a message key to translate (with parameters), or the server's own words. */
export type FieldError = { key: ReportErrorKey; params?: Record<string, number> } | { text: string };
export type ReportErrors = Partial<Record<ReportField | 'form', FieldError>>;

const QUARTER = 15 * 60_000;

/** A fresh form: the window starts at the next quarter hour and lasts two hours. */
export function emptyReportForm(now: number, clinicId = ''): ReportForm {
  const start = Math.ceil((now + 60_000) / QUARTER) * QUARTER;
  return {
    clinicId,
    cameraIds: [],
    startsAt: toLocalInput(start),
    endsAt: toLocalInput(start + 2 * 3_600_000),
    reason: '',
  };
}

/** The same checks as the server's schema, so most mistakes are caught before sending. */
export function validateReportForm(form: ReportForm): ReportErrors {
  const errors: ReportErrors = {};
  if (!form.clinicId) errors.clinicId = { key: 'maint.err.clinic' };
  if (form.cameraIds.length === 0) errors.cameraIds = { key: 'maint.err.cameras' };
  else if (form.cameraIds.length > MAINTENANCE_MAX_CAMERAS)
    errors.cameraIds = { key: 'maint.err.tooManyCameras', params: { max: MAINTENANCE_MAX_CAMERAS } };
  const start = localInputToMs(form.startsAt);
  const end = localInputToMs(form.endsAt);
  if (start === null) errors.startsAt = { key: 'maint.err.time' };
  if (end === null) errors.endsAt = { key: 'maint.err.time' };
  if (start !== null && end !== null) {
    if (end <= start) errors.endsAt = { key: 'maint.err.order' };
    else if (end - start < MAINTENANCE_MIN_WINDOW_MINUTES * 60_000)
      errors.endsAt = { key: 'maint.err.tooShort', params: { min: MAINTENANCE_MIN_WINDOW_MINUTES } };
    else if (end - start > MAINTENANCE_MAX_WINDOW_HOURS * 3_600_000)
      errors.endsAt = { key: 'maint.err.tooLong', params: { max: MAINTENANCE_MAX_WINDOW_HOURS } };
  }
  if (form.reason.trim().length < 2) errors.reason = { key: 'maint.err.reason' };
  return errors;
}

/** The request body (call after validateReportForm found nothing). */
export function reportCreateBody(form: ReportForm): MaintenanceReportCreateInput {
  return {
    clinicId: form.clinicId,
    cameraIds: [...form.cameraIds],
    startsAt: localInputToIso(form.startsAt) ?? form.startsAt,
    endsAt: localInputToIso(form.endsAt) ?? form.endsAt,
    reason: form.reason.trim(),
  };
}

/** The window already began: the report is accepted but will be marked late. */
export function startsInPast(form: ReportForm, now: number): boolean {
  const start = localInputToMs(form.startsAt);
  return start !== null && start <= now;
}

/** The server's per-field messages (dotted paths such as `cameraIds.0`) on the form's fields. */
export function serverErrors(fields: Record<string, string> | undefined, message: string): ReportErrors {
  const errors: ReportErrors = {};
  for (const [path, text] of Object.entries(fields ?? {})) {
    const head = path.split('.')[0] as ReportField;
    const field = REPORT_FIELDS.includes(head) ? head : 'form';
    if (!errors[field]) errors[field] = { text: field === 'form' && path ? `${path}: ${text}` : text };
  }
  if (Object.keys(errors).length === 0) errors.form = { text: message };
  return errors;
}

export type ReportPhase = 'upcoming' | 'current' | 'past';

/** Where a filed report's window stands. */
export function reportPhase(report: { startsAt: number; endsAt: number }, now: number): ReportPhase {
  return now < report.startsAt ? 'upcoming' : now < report.endsAt ? 'current' : 'past';
}

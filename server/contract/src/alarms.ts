import { z } from 'zod';
import type { Role } from './accounts.ts';

/**
 * Automated tile alarms: kinds, states, the alarm as walls and webhooks see it (with its full
 * transition history), the events the engine emits, and the operator requests (ack, clear, comment,
 * snooze). Times are ms since epoch, like CameraStatus and tile-health verdicts.
 */

/** signal_loss comes from the SFU (no media); the other kinds from tile-health verdicts. */
export const ALARM_KINDS = ['signal_loss', 'blank', 'frozen', 'occluded', 'redirected'] as const;
export const AlarmKind = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof AlarmKind>;
export const PICTURE_ALARM_KINDS = ['blank', 'frozen', 'occluded', 'redirected'] as const;
export type PictureAlarmKind = (typeof PICTURE_ALARM_KINDS)[number];

/**
 * pending: the condition holds but not yet for the kind's debounce (never stored, never a violation);
 * active: raised, waiting for an operator; acknowledged: an operator took it; cleared: over.
 */
export const ALARM_STATES = ['pending', 'active', 'acknowledged', 'cleared'] as const;
export const AlarmState = z.enum(ALARM_STATES);
export type AlarmState = z.infer<typeof AlarmState>;

/** Every entry of an alarm's history; `from` equals `to` for markings (escalated, comment, ...). */
export const ALARM_ACTIONS = [
  'raised',
  'activated',
  'acknowledged',
  'escalated',
  'snoozed',
  'commented',
  'reported',
  'violation',
  'cleared',
] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

/** Reason codes of the system's own transitions (the UI translates them); people's reasons are kept verbatim. */
export const SYSTEM_REASONS = {
  conditionHeld: 'condition_held',
  conditionPersisted: 'condition_persisted',
  conditionEnded: 'condition_ended',
  endedWhilePending: 'condition_ended_while_pending',
  signalLost: 'signal_lost_picture_not_judged',
  notAcknowledged: 'not_acknowledged_in_time',
  maintenanceReport: 'maintenance_report',
  unreportedTooLong: 'unreported_past_threshold',
  snoozeLifted: 'snooze_lifted',
} as const;

export interface AlarmTransition {
  at: number;
  /** User id, or 'system'. */
  by: string;
  byRole: Role | 'system';
  action: AlarmAction;
  from: AlarmState | null;
  to: AlarmState;
  why: string;
}

/** The part of a maintenance report window that excuses an alarm: from max(start, submitted) to end. */
export interface ReportCoverage {
  reportId: string;
  from: number;
  to: number;
  late: boolean;
}

export interface AlarmDto {
  id: string;
  cameraId: string;
  clinicId: string;
  regionId: string;
  kind: AlarmKind;
  state: AlarmState;
  /** When the condition began (as the server first saw it hold). */
  onsetAt: number;
  activatedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  escalatedAt: number | null;
  clearedAt: number | null;
  /** Overlaps a maintenance report window: shown as reported; time inside windows is never a violation. */
  reported: boolean;
  coverage: ReportCoverage[];
  /** The camera was snoozed when this alarm was raised or later: no sound, no escalation before this time. */
  snoozedUntil: number | null;
  /** The ledger entry this alarm became, if it lasted unreported past the threshold. */
  violationId: string | null;
  history: AlarmTransition[];
}

export interface CameraSnoozeDto {
  cameraId: string;
  until: number;
  reason: string;
  by: string;
  at: number;
}

export const ALARM_EVENT_TYPES = [
  'raised',
  'activated',
  'acknowledged',
  'escalated',
  'cleared',
  'commented',
  'reported',
  'violation',
  'snoozed',
] as const;
export type AlarmEventType = (typeof ALARM_EVENT_TYPES)[number];

/**
 * What the engine emits for transports and webhooks. A pending alarm that ends before its debounce
 * is `cleared` with `activatedAt: null`. `escalated` goes to the supervisors of `regionId`.
 * `snoozed` with `snooze: null` means a snooze was lifted.
 */
export type AlarmEventDto =
  | { type: Exclude<AlarmEventType, 'escalated' | 'snoozed'>; at: number; alarm: AlarmDto }
  | { type: 'escalated'; at: number; alarm: AlarmDto; regionId: string }
  | { type: 'snoozed'; at: number; cameraId: string; snooze: CameraSnoozeDto | null; alarms: AlarmDto[] };

// ---- requests (validated at the edge) ----
const entityId = z.string({ error: 'an id is required' }).min(1, 'an id is required').max(64, 'at most 64 characters');
const reason = (max: number) =>
  z
    .string({ error: 'a reason is required' })
    .trim()
    .min(2, 'at least 2 characters')
    .max(max, `at most ${max} characters`);

export const SNOOZE_MIN_MINUTES = 5;
export const SNOOZE_MAX_MINUTES = 60;

export const AckAlarmRequest = z.object({ alarmId: entityId, note: z.string().trim().max(500).optional() });
export type AckAlarmRequest = z.infer<typeof AckAlarmRequest>;

export const ClearAlarmRequest = z.object({ alarmId: entityId, reason: reason(500) });
export type ClearAlarmRequest = z.infer<typeof ClearAlarmRequest>;

export const CommentAlarmRequest = z.object({
  alarmId: entityId,
  text: z
    .string({ error: 'a comment is required' })
    .trim()
    .min(1, 'a comment is required')
    .max(1000, 'at most 1000 characters'),
});
export type CommentAlarmRequest = z.infer<typeof CommentAlarmRequest>;

export const SnoozeCameraRequest = z.object({
  cameraId: entityId,
  minutes: z
    .number()
    .int('whole minutes')
    .min(SNOOZE_MIN_MINUTES, `at least ${SNOOZE_MIN_MINUTES} minutes`)
    .max(SNOOZE_MAX_MINUTES, `at most ${SNOOZE_MAX_MINUTES} minutes`),
  reason: reason(500),
});
export type SnoozeCameraRequest = z.infer<typeof SnoozeCameraRequest>;

export const UnsnoozeCameraRequest = z.object({ cameraId: entityId });
export type UnsnoozeCameraRequest = z.infer<typeof UnsnoozeCameraRequest>;

/** GET /api/v1/alarms: newest first. */
export const AlarmQuery = z.object({
  cameraId: entityId.optional(),
  clinicId: entityId.optional(),
  state: AlarmState.optional(),
  kind: AlarmKind.optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AlarmQuery = z.infer<typeof AlarmQuery>;

import type { AlarmDto } from '@clinicwall/contract';
import type { AlarmConfig } from './alarmConfig.ts';
import { coveredUntil, unreportedReachesAt } from '../maintenance/coverage.ts';

/** Pure due times of an alarm's next automatic steps (the engine ticks at the earliest). */

/** pending -> active once the condition has held for the kind's debounce. */
export function activationDueAt(alarm: AlarmDto, config: AlarmConfig): number {
  return alarm.onsetAt + config.debounceMs[alarm.kind];
}

/**
 * Escalation of an active, unacknowledged alarm: escalateAfterMs after activation, but never while
 * the camera is snoozed or the alarm is inside a reported maintenance window (then at their end).
 * Null when it does not apply (not active, or already escalated).
 */
export function escalationDueAt(alarm: AlarmDto, config: AlarmConfig): number | null {
  if (alarm.state !== 'active' || alarm.escalatedAt !== null || alarm.activatedAt === null) return null;
  let t = alarm.activatedAt + config.escalateAfterMs;
  for (;;) {
    if (alarm.snoozedUntil !== null && t < alarm.snoozedUntil) t = alarm.snoozedUntil;
    const end = coveredUntil(alarm.coverage, t);
    if (end === null) return t;
    t = end;
  }
}

/** When the unreported time since onset reaches the threshold; null when not applicable. */
export function violationDueAt(alarm: AlarmDto, config: AlarmConfig): number | null {
  if (alarm.violationId !== null || alarm.activatedAt === null || alarm.state === 'cleared') return null;
  return unreportedReachesAt(alarm.coverage, alarm.onsetAt, config.violationAfterMs);
}

/** Whether the alarm's time so far ([onset, now], or up to its clearing) touches a report's coverage. */
export function isReported(alarm: AlarmDto, now: number): boolean {
  const end = alarm.clearedAt ?? now;
  return alarm.coverage.some((c) => c.from <= end && c.to > alarm.onsetAt && c.to > c.from);
}

/** When an open, not yet reported alarm will touch a coverage window it knows of; null if never. */
export function reportedDueAt(alarm: AlarmDto, now: number): number | null {
  if (alarm.reported || alarm.state === 'cleared') return null;
  const future = alarm.coverage.filter((c) => c.from > now && c.to > c.from).map((c) => c.from);
  return future.length ? Math.min(...future) : null;
}

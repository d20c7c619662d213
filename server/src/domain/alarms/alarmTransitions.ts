import type { AlarmAction, AlarmDto, AlarmKind, AlarmState, ReportCoverage, Role } from '@clinicwall/contract';
import { SYSTEM_REASONS } from '@clinicwall/contract';
import type { CameraPlace } from './cameraDirectory.ts';

/**
 * Whoever acts on an alarm (a Principal from domain/access fits). May they? That is decided once,
 * at the edge, by the access policy (alarms.ack, alarms.clear, ... on the alarm's camera); the
 * domain records who did what.
 */
export interface Acting {
  id: string;
  role: Role;
}

export interface Who {
  by: string;
  byRole: Role | 'system';
}

export const SYSTEM: Who = { by: 'system', byRole: 'system' };

export const who = (actor: Acting): Who => ({ by: actor.id, byRole: actor.role });

/** A copy of the alarm in state `to`, with the step appended to its history. */
export function step(
  alarm: AlarmDto,
  actor: Who,
  action: AlarmAction,
  to: AlarmState,
  why: string,
  at: number,
  patch: Partial<AlarmDto> = {},
): AlarmDto {
  return {
    ...alarm,
    ...patch,
    state: to,
    history: [...alarm.history, { at, by: actor.by, byRole: actor.byRole, action, from: alarm.state, to, why }],
  };
}

export interface NewAlarm {
  id: string;
  place: CameraPlace;
  kind: AlarmKind;
  onsetAt: number;
  coverage: ReportCoverage[];
  snoozedUntil: number | null;
  at: number;
}

/** A pending alarm: the condition holds, its debounce has not passed yet. */
export function pendingAlarm(a: NewAlarm): AlarmDto {
  return {
    id: a.id,
    cameraId: a.place.cameraId,
    clinicId: a.place.clinicId,
    regionId: a.place.regionId,
    kind: a.kind,
    state: 'pending',
    onsetAt: a.onsetAt,
    activatedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    clearedAt: null,
    reported: false,
    coverage: a.coverage,
    snoozedUntil: a.snoozedUntil,
    violationId: null,
    history: [
      {
        at: a.at,
        by: SYSTEM.by,
        byRole: SYSTEM.byRole,
        action: 'raised',
        from: null,
        to: 'pending',
        why: SYSTEM_REASONS.conditionHeld,
      },
    ],
  };
}

export const isOpen = (alarm: AlarmDto): boolean => alarm.state !== 'cleared';

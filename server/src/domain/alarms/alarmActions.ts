import type { AlarmDto } from '@clinicwall/contract';
import { DomainError } from '../errors.ts';
import type { ConditionStatus } from './conditionBoard.ts';
import { step, who, type Acting } from './alarmTransitions.ts';

/**
 * Operator actions on one alarm, as pure rules: each checks the alarm's state and returns the alarm
 * after the step (or throws a DomainError and changes nothing). Who may act is the access policy's
 * decision at the edge.
 */

function assertNotPending(alarm: AlarmDto, what: string): void {
  if (alarm.state === 'pending')
    throw new DomainError('conflict', `alarm ${alarm.id} is still pending: nothing to ${what} yet`);
}

/** active -> acknowledged. Only once; not on a cleared alarm. */
export function acknowledgeAlarm(alarm: AlarmDto, actor: Acting, note: string | undefined, now: number): AlarmDto {
  assertNotPending(alarm, 'acknowledge');
  if (alarm.state === 'acknowledged')
    throw new DomainError('conflict', `alarm ${alarm.id} was already acknowledged by ${alarm.acknowledgedBy}`);
  if (alarm.state === 'cleared') throw new DomainError('conflict', `alarm ${alarm.id} is already cleared`);
  return step(alarm, who(actor), 'acknowledged', 'acknowledged', note ?? '', now, {
    acknowledgedAt: now,
    acknowledgedBy: actor.id,
  });
}

/**
 * May this alarm be cleared by hand now (active/acknowledged -> cleared, e.g. a false picture
 * alarm)? A signal_loss alarm only once the SFU reports the signal back: it would otherwise close
 * over a camera still dark.
 */
export function assertClearable(alarm: AlarmDto, condition: ConditionStatus): void {
  assertNotPending(alarm, 'clear');
  if (alarm.state === 'cleared') throw new DomainError('conflict', `alarm ${alarm.id} is already cleared`);
  if (alarm.kind === 'signal_loss' && !condition.ended)
    throw new DomainError('conflict', `camera ${alarm.cameraId} has not recovered its signal; acknowledge instead`);
}

/** A note in the history; allowed in any state but pending (also after clearing, for the record). */
export function commentAlarm(alarm: AlarmDto, actor: Acting, text: string, now: number): AlarmDto {
  assertNotPending(alarm, 'comment on');
  return step(alarm, who(actor), 'commented', alarm.state, text, now);
}

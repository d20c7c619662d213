import type { AlarmEventDto } from '@clinicwall/contract';

/**
 * Which alarm events go out to other systems: every transition of an alarm that became active
 * (activated, acknowledged, escalated, commented, reported, violation, cleared) and snoozes. Left
 * out: `raised` (pending, not yet an alarm) and the clearing of an alarm that never became active
 * (a condition shorter than its debounce): receivers should not see the flicker the debounce hides.
 */
export function isWebhookEvent(event: AlarmEventDto): boolean {
  if (event.type === 'snoozed') return true;
  if (event.type === 'raised') return false;
  return event.alarm.activatedAt !== null;
}

/** The alarm an event is about (null for a snooze), and its camera. */
export function eventSubject(event: AlarmEventDto): { alarmId: string | null; cameraId: string } {
  return event.type === 'snoozed'
    ? { alarmId: null, cameraId: event.cameraId }
    : { alarmId: event.alarm.id, cameraId: event.alarm.cameraId };
}

/** A webhook target's URL as shown in logs and the delivery list: no credentials, no query. */
export function redactTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

import type { AlarmDto, AlarmKind, CameraSnoozeDto } from '@clinicwall/contract';

/**
 * How bad each kind is, worst first. signal_loss: no video at all (a power or network cut, ledger
 * category 1); blank: video arrives but shows nothing; occluded: someone covered the lens, the
 * typical deliberate evasion (category 2); redirected: re-aimed, part of the scene may still show;
 * frozen: the picture stopped, usually an encoder or network fault, the last scene is still visible.
 */
export const KIND_SEVERITY_ORDER: readonly AlarmKind[] = ['signal_loss', 'blank', 'occluded', 'redirected', 'frozen'];

export function severityRank(kind: AlarmKind): number {
  return KIND_SEVERITY_ORDER.indexOf(kind);
}

/** Inside a maintenance report window right now (excused: shown as reported, no sound). */
export function coveredNow(alarm: AlarmDto, now: number): boolean {
  return alarm.coverage.some((c) => c.from <= now && now < c.to);
}

/** Shown as reported: marked so by the server, or inside a report window now. */
export function isReported(alarm: AlarmDto, now: number): boolean {
  return alarm.reported || coveredNow(alarm, now);
}

/** A report that excuses this alarm was filed after its window began. */
export function isLate(alarm: AlarmDto): boolean {
  return alarm.coverage.some((c) => c.late);
}

/** Until when the alarm's camera is snoozed (the camera's current snooze, else the alarm's mark), if still ahead. */
export function snoozedUntil(alarm: AlarmDto, snooze: CameraSnoozeDto | undefined, now: number): number | null {
  const until = snooze?.until ?? alarm.snoozedUntil;
  return until !== null && until > now ? until : null;
}

/** No sound and no urgency: snoozed or inside a reported window. */
export function isQuiet(alarm: AlarmDto, snooze: CameraSnoozeDto | undefined, now: number): boolean {
  return snoozedUntil(alarm, snooze, now) !== null || coveredNow(alarm, now);
}

/**
 * 0: active and loud (nobody took it), 1: active but quiet (snoozed / reported), 2: acknowledged,
 * 3: pending (not an alarm yet), 4: cleared.
 */
export function attentionTier(alarm: AlarmDto, snooze: CameraSnoozeDto | undefined, now: number): number {
  switch (alarm.state) {
    case 'active':
      return isQuiet(alarm, snooze, now) ? 1 : 0;
    case 'acknowledged':
      return 2;
    case 'pending':
      return 3;
    case 'cleared':
      return 4;
  }
}

/**
 * The panel's order: what needs an operator first (unacknowledged and loud, then quiet, then
 * acknowledged), then the most severe kind, then the newest onset; the id keeps it stable.
 */
export function sortAlarms(
  alarms: readonly AlarmDto[],
  snoozes: ReadonlyMap<string, CameraSnoozeDto>,
  now: number,
): AlarmDto[] {
  const tier = new Map(alarms.map((a) => [a.id, attentionTier(a, snoozes.get(a.cameraId), now)]));
  return [...alarms].sort(
    (a, b) =>
      tier.get(a.id)! - tier.get(b.id)! ||
      severityRank(a.kind) - severityRank(b.kind) ||
      b.onsetAt - a.onsetAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The alarm a tile shows: its camera's most urgent open (active or acknowledged) alarm. */
export function alarmsByCamera(sorted: readonly AlarmDto[]): Map<string, AlarmDto> {
  const out = new Map<string, AlarmDto>();
  for (const a of sorted)
    if ((a.state === 'active' || a.state === 'acknowledged') && !out.has(a.cameraId)) out.set(a.cameraId, a);
  return out;
}

import type { AlarmAction, AlarmDto, AlarmKind, AlarmState } from '@clinicwall/contract';

export const T0 = Date.parse('2026-11-23T01:30:00.000Z');

/** An alarm raised at `onsetAt`, then stepped through `steps` (one history entry each), for specs. */
export function alarm(id: string, over: Partial<AlarmDto> & { steps?: [AlarmAction, AlarmState][] } = {}): AlarmDto {
  const { steps = [['activated', 'active']], ...rest } = over;
  const onsetAt = rest.onsetAt ?? T0;
  const history: AlarmDto['history'] = [
    { at: onsetAt, by: 'system', byRole: 'system', action: 'raised', from: null, to: 'pending', why: 'condition_held' },
  ];
  let state: AlarmState = 'pending';
  for (const [action, to] of steps) {
    history.push({
      at: onsetAt + history.length * 1000,
      by: 'system',
      byRole: 'system',
      action,
      from: state,
      to,
      why: '',
    });
    state = to;
  }
  const kind: AlarmKind = rest.kind ?? 'signal_loss';
  return {
    id,
    cameraId: 'cam-001',
    clinicId: 'c-1',
    regionId: 'r-1',
    kind,
    state,
    onsetAt,
    activatedAt: history.some((h) => h.action === 'activated') ? onsetAt + 1000 : null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    clearedAt: state === 'cleared' ? onsetAt + history.length * 1000 : null,
    reported: false,
    coverage: [],
    snoozedUntil: null,
    violationId: null,
    history,
    ...rest,
  };
}

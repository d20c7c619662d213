import { ALARM_KINDS, type AlarmKind } from '@clinicwall/contract';

export interface AlarmConfig {
  /**
   * How long a condition must have held before its alarm turns active, counted from its onset: when
   * the server first saw it hold, or the earlier onset a picture source reports with its verdict.
   */
  debounceMs: Record<AlarmKind, number>;
  /**
   * How far back a picture source's reported onset is believed. Walls and the sentinel report a
   * verdict only after holding it for ~3 s (their smoothing), with the onset of the condition: the
   * debounce counts from that onset instead of adding to the smoothing. A wall's clock may be off,
   * so an onset older than this counts from this far back, and one in the future from the report.
   */
  onsetCreditMs: number;
  /** An active alarm nobody acknowledged for this long is escalated to its region's supervisors. */
  escalateAfterMs: number;
  /** An alarm unreported for this long becomes a violation entry of its clinic. */
  violationAfterMs: number;
  /**
   * After the signal returns, picture verdicts are ignored this long: walls and the sentinel need a
   * few seconds of new frames before a black or stuck tile means anything again.
   */
  pictureGraceAfterSignalMs: number;
  /**
   * An open signal_loss alarm clears only once the signal has stayed back this long; a loss within
   * it continues the same alarm. A cut restored near the ingest's own input timeout makes the ingest
   * restart right after the media came back, and the restart's gap (back-off, probing) is another
   * loss reported ~NO_SIGNAL_MS later: one cut, one alarm, cleared once.
   */
  signalClearHoldMs: number;
}

/**
 * Defaults meeting the time-to-alarm targets (< 3 s for a cut feed, < 5 s for blank/frozen/covered):
 * - signal_loss: the SFU reports no_signal after 2 s without media, polled every 0.25 s, so at most
 *   2.25 s; 250 ms more keeps a one-poll flap from alarming and stays under 3 s.
 * - blank/frozen/occluded: walls' and the sentinel's verdicts are smoothed (the condition seen on
 *   every sample for ~3 s) and carry their onset, so they have held longer than the 1 s debounce when
 *   they arrive and turn active at once; a source reporting without smoothing (onset = report) waits
 *   1 s.
 * - redirected (no target, the stretch model): 1.5 s.
 */
export const DEFAULT_ALARM_CONFIG: AlarmConfig = {
  debounceMs: { signal_loss: 250, blank: 1000, frozen: 1000, occluded: 1000, redirected: 1500 },
  onsetCreditMs: 10_000,
  escalateAfterMs: 2 * 60_000,
  violationAfterMs: 10 * 60_000,
  pictureGraceAfterSignalMs: 5000,
  signalClearHoldMs: 5000,
};

export type AlarmConfigOverrides = Partial<Omit<AlarmConfig, 'debounceMs'>> & {
  debounceMs?: Partial<Record<AlarmKind, number>>;
};

/** Defaults with overrides; throws a TypeError on a negative or non-finite duration. */
export function alarmConfig(overrides: AlarmConfigOverrides = {}): AlarmConfig {
  const config: AlarmConfig = {
    ...DEFAULT_ALARM_CONFIG,
    ...overrides,
    debounceMs: { ...DEFAULT_ALARM_CONFIG.debounceMs, ...overrides.debounceMs },
  };
  const durations: [string, number][] = [
    ['escalateAfterMs', config.escalateAfterMs],
    ['onsetCreditMs', config.onsetCreditMs],
    ['violationAfterMs', config.violationAfterMs],
    ['pictureGraceAfterSignalMs', config.pictureGraceAfterSignalMs],
    ['signalClearHoldMs', config.signalClearHoldMs],
    ...ALARM_KINDS.map((k): [string, number] => [`debounceMs.${k}`, config.debounceMs[k]]),
  ];
  for (const [name, ms] of durations)
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`alarm config ${name} must be a duration >= 0, got ${ms}`);
  return config;
}

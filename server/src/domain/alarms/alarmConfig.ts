import { ALARM_KINDS, type AlarmKind } from '@clinicwall/contract';

export interface AlarmConfig {
  /**
   * How long a condition must hold before its alarm turns active. Measured from when the server
   * first sees it hold, so it adds to the source's own detection time.
   */
  debounceMs: Record<AlarmKind, number>;
  /** An active alarm nobody acknowledged for this long is escalated to its region's supervisors. */
  escalateAfterMs: number;
  /** An alarm unreported for this long becomes a violation entry of its clinic. */
  violationAfterMs: number;
  /**
   * After the signal returns, picture verdicts are ignored this long: walls and the sentinel need a
   * few seconds of new frames before a black or stuck tile means anything again.
   */
  pictureGraceAfterSignalMs: number;
}

/**
 * Defaults meeting the time-to-alarm targets (< 3 s for a cut feed, < 5 s for blank/frozen/covered):
 * - signal_loss: the SFU reports no_signal after 2 s without media, polled every 0.5 s, so at most
 *   2.5 s; 250 ms more keeps a one-poll flap from alarming and stays under 3 s.
 * - blank/frozen/occluded: a browser or sentinel verdict is itself smoothed over about 3 s; 1 s more
 *   keeps one wall's flicker from alarming and stays under 5 s.
 * - redirected (no target, the stretch model): 1.5 s.
 */
export const DEFAULT_ALARM_CONFIG: AlarmConfig = {
  debounceMs: { signal_loss: 250, blank: 1000, frozen: 1000, occluded: 1000, redirected: 1500 },
  escalateAfterMs: 2 * 60_000,
  violationAfterMs: 10 * 60_000,
  pictureGraceAfterSignalMs: 5000,
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
    ['violationAfterMs', config.violationAfterMs],
    ['pictureGraceAfterSignalMs', config.pictureGraceAfterSignalMs],
    ...ALARM_KINDS.map((k): [string, number] => [`debounceMs.${k}`, config.debounceMs[k]]),
  ];
  for (const [name, ms] of durations)
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`alarm config ${name} must be a duration >= 0, got ${ms}`);
  return config;
}

/** Thresholds of the amount-outlier rule. */
export interface OutlierPolicy {
  /** Flagged above this many times the clinic's typical total (its median) ... */
  factor: number;
  /** ... and above the typical total plus this many deviations (scaled MAD): whichever is higher. */
  deviations: number;
  /** A clinic with fewer recent totals than this is never flagged (no "usual" yet). */
  minSwipes: number;
  /** How many recent totals of a clinic make its usual. */
  window: number;
}

/** The median of some numbers (NaN for none). */
export function median(xs: readonly number[]): number {
  const s = Float64Array.from(xs).sort(); // numeric order, without a comparator call per step
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Scales the median absolute deviation to a standard deviation for normally distributed values. */
const MAD_TO_SIGMA = 1.4826;

/** A clinic's usual total: the median of its recent totals, and their robust spread (scaled MAD). */
export function typicalTotal(recent: readonly number[]): { typical: number; deviation: number } {
  const typical = median(recent);
  return { typical, deviation: MAD_TO_SIGMA * median(recent.map((x) => Math.abs(x - typical))) };
}

/**
 * A total far above the clinic's usual: above max(factor × typical, typical + deviations × deviation),
 * judged against the newest `window` of its earlier totals once there are at least `minSwipes`.
 * Median and MAD: a few earlier outliers (or a retried swipe counted twice) do not move the bar.
 */
export function amountOutlier(totalCents: number, recentCents: readonly number[], policy: OutlierPolicy): boolean {
  const recent = recentCents.slice(0, policy.window);
  if (recent.length < policy.minSwipes || recent.length === 0) return false;
  const { typical, deviation } = typicalTotal(recent);
  return totalCents > Math.max(policy.factor * typical, typical + policy.deviations * deviation);
}

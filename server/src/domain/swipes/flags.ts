import { SWIPE_FLAGS, type OpeningHours, type SwipeFlag, type SwipeItem } from '@clinicwall/contract';
import { amountOutlier, type OutlierPolicy } from './amountOutlier.ts';
import { outsideHours } from './openingHours.ts';
import { cardTravelled, type TravelFix, type TravelPolicy } from './travel.ts';

/** Thresholds of the arrival rules (from config). */
export interface FlagPolicy {
  /** Several different cards at one terminal within this window ... */
  multiCardWindowMs: number;
  /** ... this many or more distinct cards: the "one person, many cards" pattern. */
  multiCardThreshold: number;
  /** The same card at two clinics too far apart for the time between them. */
  travel: TravelPolicy;
  /** Slack before opening and after closing before a swipe is "after hours". */
  afterHoursGraceMs: number;
  /** A total far above the clinic's usual. */
  outlier: OutlierPolicy;
}

/** Sum of quantity × unit price, in cents (integer arithmetic: no float drift on money). */
export function itemsTotalCents(items: readonly SwipeItem[]): number {
  return items.reduce((sum, i) => sum + Math.round(i.quantity * Math.round(i.unitPrice * 100)), 0);
}

/** The total differs from the items by more than one cent. */
export function totalMismatch(items: readonly SwipeItem[], total: number): boolean {
  return Math.abs(itemsTotalCents(items) - Math.round(total * 100)) > 1;
}

export interface FlagFacts {
  /** From routing: unmapped, unknown_clinic. */
  routed: readonly SwipeFlag[];
  items: readonly SwipeItem[];
  total: number;
  /** Distinct cards seen at the terminal within the window, this one included. */
  distinctCards: number;
  /** This swipe's clinic: where and when (its place, when known). */
  here: TravelFix;
  /** The card's sighting before this one at another clinic (or this one), null when none. */
  previous: TravelFix | null;
  /** The clinic's opening hours; undefined = around the clock (or unknown clinic). */
  hours: OpeningHours | undefined;
  /** The clinic's recent totals in cents, newest first (empty for an unknown clinic). */
  recentTotalsCents: readonly number[];
}

/** All flags of a swipe on arrival, in the contract's order. */
export function computeFlags(facts: FlagFacts, policy: FlagPolicy): SwipeFlag[] {
  const set = new Set<SwipeFlag>(facts.routed);
  if (facts.distinctCards >= policy.multiCardThreshold) set.add('multi_card');
  if (cardTravelled(facts.previous, facts.here, policy.travel)) set.add('card_travel');
  if (amountOutlier(Math.round(facts.total * 100), facts.recentTotalsCents, policy.outlier)) set.add('amount_outlier');
  if (facts.hours && outsideHours(facts.hours, facts.here.atMs, policy.afterHoursGraceMs)) set.add('after_hours');
  if (totalMismatch(facts.items, facts.total)) set.add('total_mismatch');
  return SWIPE_FLAGS.filter((f) => set.has(f));
}

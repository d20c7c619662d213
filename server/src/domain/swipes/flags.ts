import { SWIPE_FLAGS, type SwipeFlag, type SwipeItem } from '@clinicwall/contract';

/** Thresholds of the arrival rules (from config). */
export interface FlagPolicy {
  /** Several different cards at one terminal within this window ... */
  multiCardWindowMs: number;
  /** ... this many or more distinct cards: the "one person, many cards" pattern. */
  multiCardThreshold: number;
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
}

/** All flags of a swipe on arrival, in the contract's order. */
export function computeFlags(facts: FlagFacts, policy: FlagPolicy): SwipeFlag[] {
  const set = new Set<SwipeFlag>(facts.routed);
  if (facts.distinctCards >= policy.multiCardThreshold) set.add('multi_card');
  if (totalMismatch(facts.items, facts.total)) set.add('total_mismatch');
  return SWIPE_FLAGS.filter((f) => set.has(f));
}

import type { SwipeIn, SwipeIngestResult } from '@clinicwall/contract';
import { computeFlags, type FlagPolicy } from './flags.ts';
import { maskCard, maskHolderName } from './masking.ts';
import type { CardSightings, ClinicTotals, SwipeDraft, SwipeStore, TerminalCardLog } from './ports.ts';
import { routeSwipe, type RegistryLookup } from './routing.ts';

export interface SwipeIngestDeps {
  registry: RegistryLookup;
  store: SwipeStore;
  /** Recent cards per terminal (multi_card). */
  cards: TerminalCardLog;
  /** Where each card was last seen (card_travel). */
  sightings: CardSightings;
  /** Recent totals per clinic (amount_outlier). */
  totals: ClinicTotals;
  cardHashKey: string;
  policy: FlagPolicy;
  now?: () => number;
}

/**
 * Observes only the items `pick` gives an input for (swipes of a known clinic), in order, and puts
 * each result back at its item's index (undefined for the others).
 */
async function observeSome<T, I, R>(
  items: readonly T[],
  pick: (item: T) => I | null,
  observe: (inputs: I[]) => Promise<R[]>,
): Promise<(R | undefined)[]> {
  const at: number[] = [];
  const inputs: I[] = [];
  items.forEach((item, i) => {
    const input = pick(item);
    if (input !== null) {
      at.push(i);
      inputs.push(input);
    }
  });
  const out = new Array<R | undefined>(items.length);
  if (inputs.length > 0) (await observe(inputs)).forEach((r, k) => (out[at[k]!] = r));
  return out;
}

/**
 * Swipe ingest: masks (the card number goes no further than this function), routes to the camera
 * that sees the terminal, flags, and stores once per (integration, swipeId). Input is validated at
 * the edge; this trusts its shape.
 */
export class SwipeIngest {
  readonly #d: Required<SwipeIngestDeps>;

  constructor(deps: SwipeIngestDeps) {
    this.#d = { now: Date.now, ...deps };
  }

  async ingest(integrationId: string, swipes: readonly SwipeIn[]): Promise<SwipeIngestResult[]> {
    const { registry, policy } = this.#d;
    const receivedAt = new Date(this.#d.now()).toISOString();
    const prepared = swipes.map((s) => {
      const card = maskCard(s.cardNumber, this.#d.cardHashKey);
      const route = routeSwipe(registry, s.terminalId, s.clinicCode);
      const clinic = route.clinicId === null ? undefined : registry.clinicById(route.clinicId);
      return { s, card, route, clinic, atMs: Date.parse(s.occurredAt) };
    });
    const [distinct, previous, recentTotals] = await Promise.all([
      this.#d.cards.observe(
        prepared.map(({ s, card, atMs }) => ({ terminalId: s.terminalId, cardHash: card.hash, atMs })),
        policy.multiCardWindowMs,
      ),
      observeSome(
        prepared,
        ({ card, clinic, atMs }) => (clinic ? { cardHash: card.hash, clinicId: clinic.id, atMs } : null),
        // Kept twice the window: the window is on occurredAt, the store's expiry on its own clock.
        (sightings) => this.#d.sightings.observe(sightings, 2 * policy.travel.windowMs),
      ),
      observeSome(
        prepared,
        ({ s, clinic }) => (clinic ? { clinicId: clinic.id, cents: Math.round(s.total * 100) } : null),
        (totals) => this.#d.totals.observe(totals, policy.outlier.window),
      ),
    ]);
    const drafts: SwipeDraft[] = prepared.map(({ s, card, route, clinic, atMs }, i) => {
      const before = previous[i];
      return {
        swipeId: s.swipeId,
        integrationId,
        terminalId: s.terminalId,
        clinicCode: s.clinicCode,
        clinicId: route.clinicId,
        cameraIds: route.cameraIds,
        occurredAt: s.occurredAt,
        receivedAt,
        cardLast4: card.last4,
        cardHash: card.hash,
        holderNameMasked: maskHolderName(s.holderName),
        doctorId: s.doctorId,
        items: s.items,
        total: s.total,
        currency: s.currency,
        flags: computeFlags(
          {
            routed: route.flags,
            items: s.items,
            total: s.total,
            distinctCards: distinct[i] ?? 1,
            here: { geo: clinic?.geo, atMs },
            previous: before ? { geo: registry.clinicById(before.clinicId)?.geo, atMs: before.atMs } : null,
            hours: clinic?.hours,
            recentTotalsCents: recentTotals[i] ?? [],
          },
          policy,
        ),
      };
    });
    return this.#d.store.append(drafts);
  }
}

import type { SwipeIn, SwipeIngestResult } from '@clinicwall/contract';
import { computeFlags, type FlagPolicy } from './flags.ts';
import { maskCard, maskHolderName } from './masking.ts';
import type { SwipeDraft, SwipeStore, TerminalCardLog } from './ports.ts';
import { routeSwipe, type RegistryLookup } from './routing.ts';

export interface SwipeIngestDeps {
  registry: RegistryLookup;
  store: SwipeStore;
  cards: TerminalCardLog;
  cardHashKey: string;
  policy: FlagPolicy;
  now?: () => number;
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
    const receivedAt = new Date(this.#d.now()).toISOString();
    const prepared = swipes.map((s) => {
      const card = maskCard(s.cardNumber, this.#d.cardHashKey);
      const route = routeSwipe(this.#d.registry, s.terminalId, s.clinicCode);
      return { s, card, route };
    });
    const distinct = await this.#d.cards.observe(
      prepared.map(({ s, card }) => ({
        terminalId: s.terminalId,
        cardHash: card.hash,
        atMs: Date.parse(s.occurredAt),
      })),
      this.#d.policy.multiCardWindowMs,
    );
    const drafts: SwipeDraft[] = prepared.map(({ s, card, route }, i) => ({
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
        { routed: route.flags, items: s.items, total: s.total, distinctCards: distinct[i] ?? 1 },
        this.#d.policy,
      ),
    }));
    return this.#d.store.append(drafts);
  }
}

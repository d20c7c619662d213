/** Redis key names, all under `cw:`. */
export const KEYS = {
  /** The swipe stream: one entry per swipe, field `r` = the record without its id (the entry id). */
  swipes: 'cw:swipes',
  /** Secondary index streams (same entry ids, no payload): `cam:<id>`, `terminal:<id>`, `card:<hash>`... */
  swipeIndex: (name: string) => `cw:swipes:ix:${name}`,
  /** Idempotency: `<event id>|<flags>` of the swipe an integration sent with this swipeId. */
  swipeOnce: (integrationId: string, swipeId: string) => `cw:swipes:once:${integrationId}:${swipeId}`,
  /** Recent cards per terminal (sorted set: card hash → time seen). */
  terminalCards: (terminalId: string) => `cw:cards:${terminalId}`,
  /** Where a card was last seen: `<time ms>|<clinic id>`, with a TTL. */
  cardSeen: (cardHash: string) => `cw:cardseen:${cardHash}`,
  /** Recent swipe totals of a clinic in cents (list, newest first). */
  clinicTotals: (clinicId: string) => `cw:clinictotals:${clinicId}`,
  registry: {
    regions: 'cw:registry:regions',
    clinics: 'cw:registry:clinics',
    cameras: 'cw:registry:cameras',
    terminals: 'cw:registry:terminals',
    seeded: 'cw:registry:seeded',
    changed: 'cw:registry:changed',
  },
} as const;

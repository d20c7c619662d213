import type { CardSightings, ClinicSighting } from '../../domain/swipes/ports.ts';

interface Seen {
  clinicId: string;
  atMs: number;
  /** Local clock time after which the entry is forgotten. */
  expires: number;
}

/** Where each card was last seen, in memory: card hash → newest sighting, forgotten after keepMs. */
export class MemoryCardSightings implements CardSightings {
  /** In order of their last update, so the expired ones are at the front. */
  readonly #cards = new Map<string, Seen>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async observe(
    sightings: readonly ClinicSighting[],
    keepMs: number,
  ): Promise<(Omit<ClinicSighting, 'cardHash'> | null)[]> {
    const now = this.#now();
    for (const [hash, seen] of this.#cards) {
      if (seen.expires > now) break;
      this.#cards.delete(hash);
    }
    return sightings.map(({ cardHash, clinicId, atMs }) => {
      const prev = this.#cards.get(cardHash);
      if (!prev || atMs >= prev.atMs) {
        this.#cards.delete(cardHash);
        this.#cards.set(cardHash, { clinicId, atMs, expires: now + keepMs });
      }
      return prev ? { clinicId: prev.clinicId, atMs: prev.atMs } : null;
    });
  }
}

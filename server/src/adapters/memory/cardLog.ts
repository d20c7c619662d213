import type { CardSighting, TerminalCardLog } from '../../domain/swipes/ports.ts';

const KEEP_MS = 24 * 3600_000;

/** Recent cards per terminal, in memory: terminal → card hash → newest time seen. */
export class MemoryCardLog implements TerminalCardLog {
  readonly #terminals = new Map<string, Map<string, number>>();

  async observe(sightings: readonly CardSighting[], windowMs: number): Promise<number[]> {
    return sightings.map(({ terminalId, cardHash, atMs }) => {
      let cards = this.#terminals.get(terminalId);
      if (!cards) this.#terminals.set(terminalId, (cards = new Map()));
      cards.set(cardHash, Math.max(atMs, cards.get(cardHash) ?? -Infinity));
      let n = 0;
      for (const [hash, at] of cards) {
        if (at < atMs - KEEP_MS) cards.delete(hash);
        else if (Math.abs(at - atMs) <= windowMs) n++;
      }
      return n;
    });
  }
}

/**
 * Event ids in the format of Redis stream ids (`<ms>-<seq>`), strictly increasing even when the
 * clock stands still or steps back: the memory store's ids order and compare like Redis's.
 */
export class EventIdClock {
  readonly #now: () => number;
  #ms = 0;
  #seq = -1;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  next(): string {
    const now = Math.floor(this.#now());
    if (now > this.#ms) {
      this.#ms = now;
      this.#seq = 0;
    } else {
      this.#seq++;
    }
    return `${this.#ms}-${this.#seq}`;
  }
}

/** The milliseconds part of an event id. */
export function eventIdMs(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

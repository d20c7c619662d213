import type { WebhookDeliveryDto } from '@clinicwall/contract';

/**
 * The outbound delivery log, in memory and bounded: the newest `capacity` deliveries (older ones
 * are forgotten, whatever their state). The dispatcher updates an entry in place as attempts are
 * made; readers get copies.
 */
export class DeliveryLog {
  readonly #capacity: number;
  readonly #entries: WebhookDeliveryDto[] = [];

  constructor(capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new TypeError(`capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Adds a delivery (the caller keeps the object and updates it). */
  add(delivery: WebhookDeliveryDto): void {
    this.#entries.push(delivery);
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
  }

  /** Newest first. */
  list(limit = this.#capacity): WebhookDeliveryDto[] {
    return this.#entries
      .slice(-limit)
      .reverse()
      .map((d) => structuredClone(d));
  }
}

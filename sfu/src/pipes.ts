import type { types } from 'mediasoup';

/**
 * Makes a producer available on another router (pipeToRouter), once per (producer, router).
 * The piped producer keeps the original's id and closes with it.
 */
export class ProducerPipes {
  readonly #pending = new Map<string, Promise<void>>();

  async ensure(producer: types.Producer, source: types.Router, target: types.Router): Promise<void> {
    if (source === target) return;
    const key = `${producer.id}:${target.id}`;
    let p = this.#pending.get(key);
    if (!p) {
      p = source.pipeToRouter({ producerId: producer.id, router: target }).then(({ pipeProducer }) => {
        pipeProducer?.observer.once('close', () => this.#pending.delete(key));
      });
      p.catch(() => this.#pending.delete(key));
      producer.observer.once('close', () => this.#pending.delete(key));
      this.#pending.set(key, p);
    }
    await p;
  }
}

/** One item's outcome in a batch. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

export interface Repeats<I, O> {
  /** Items with the same key in one batch are run once, the first of them. */
  key: (item: I) => string;
  /** What a later item with the key gets: derived from the first one's result (or its error). */
  repeat: (first: O) => O;
}

interface Caller<I, O> {
  items: readonly I[];
  resolve: (results: O[]) => void;
  reject: (error: Error) => void;
}

/**
 * Runs the calls made during one turn of the event loop together: every `submit` joins the batch
 * that `run` gets, as one list in submission order, once the turn's I/O callbacks have run
 * (setImmediate): N concurrent requests, one round trip. Each caller gets its own items' results
 * back in order, or the error of its first item that failed; one caller's failed item fails no one
 * else, a failed run fails everyone in the batch. With `repeats`, an item whose key came earlier in
 * the same batch is not run again: it gets `repeat` of the first one's result.
 */
export class TickBatcher<I, O> {
  readonly #run: (items: I[]) => Promise<Settled<O>[]>;
  readonly #repeats: Repeats<I, O> | null;
  #callers: Caller<I, O>[] = [];

  constructor(run: (items: I[]) => Promise<Settled<O>[]>, repeats: Repeats<I, O> | null = null) {
    this.#run = run;
    this.#repeats = repeats;
  }

  submit(items: readonly I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      if (this.#callers.length === 0) setImmediate(() => void this.#flush());
      this.#callers.push({ items, resolve, reject });
    });
  }

  async #flush(): Promise<void> {
    const callers = this.#callers;
    this.#callers = [];
    const all = callers.flatMap((c) => c.items);
    // Item i runs as unique[at[i]]; a repeat has at[i] = -1 - (the index of its first).
    const unique: I[] = [];
    const at: number[] = [];
    const byKey = new Map<string, number>();
    for (const item of all) {
      const key = this.#repeats?.key(item);
      const seen = key === undefined ? undefined : byKey.get(key);
      if (seen !== undefined) {
        at.push(-1 - seen);
        continue;
      }
      if (key !== undefined) byKey.set(key, unique.length);
      at.push(unique.length);
      unique.push(item);
    }
    let results: Settled<O>[];
    try {
      results = await this.#run(unique);
      if (results.length !== unique.length) throw new Error(`batch of ${unique.length} answered ${results.length}`);
    } catch (error) {
      for (const c of callers) c.reject(error as Error);
      return;
    }
    const outcome = (k: number): Settled<O> => {
      if (k >= 0) return results[k]!;
      const first = results[-1 - k]!;
      return first.ok ? { ok: true, value: this.#repeats!.repeat(first.value) } : first;
    };
    let i = 0;
    for (const c of callers) {
      const mine = c.items.map(() => outcome(at[i++]!));
      const failed = mine.find((r) => !r.ok);
      if (failed) c.reject(failed.error);
      else c.resolve(mine.map((r) => (r as { value: O }).value));
    }
  }
}

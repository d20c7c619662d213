import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TickBatcher, type Settled } from './tickBatcher.ts';

/** A runner that records each batch it gets and answers item → item × 10 (odd items fail when asked). */
function recorder(failOdd = false) {
  const batches: number[][] = [];
  const run = async (items: number[]): Promise<Settled<number>[]> => {
    batches.push(items);
    return items.map((i) =>
      failOdd && i % 2 ? { ok: false, error: new Error(`item ${i} failed`) } : { ok: true, value: i * 10 },
    );
  };
  return { batches, run };
}

test('calls made in one turn run as one batch, in submission order; each caller gets its own results', async () => {
  const { batches, run } = recorder();
  const b = new TickBatcher(run);
  const [x, y, z] = await Promise.all([b.submit([1, 2]), b.submit([3]), b.submit([4, 5, 6])]);
  assert.deepEqual(batches, [[1, 2, 3, 4, 5, 6]]);
  assert.deepEqual([x, y, z], [[10, 20], [30], [40, 50, 60]]);
  assert.deepEqual(await b.submit([7]), [70]);
  assert.deepEqual(batches, [[1, 2, 3, 4, 5, 6], [7]], 'a later turn is a new batch');
  assert.deepEqual(await b.submit([]), [], 'nothing to run: no batch');
  assert.equal(batches.length, 2);
});

test('calls made while a batch is running go in the next batch', async () => {
  const { batches, run } = recorder();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const b = new TickBatcher(async (items: number[]) => {
    if (batches.length === 0) await gate;
    return run(items);
  });
  const first = b.submit([1]);
  await new Promise((r) => setImmediate(r));
  const second = b.submit([2]);
  const third = b.submit([3]);
  release();
  assert.deepEqual(await Promise.all([first, second, third]), [[10], [20], [30]]);
  assert.deepEqual(batches, [[1], [2, 3]]);
});

test('a failed item fails its caller only; a failed run fails the whole batch, not the next one', async () => {
  const { batches, run } = recorder(true);
  const b = new TickBatcher(run);
  const results = await Promise.allSettled([b.submit([2, 4]), b.submit([6, 3, 8]), b.submit([10])]);
  assert.equal(batches.length, 1);
  assert.deepEqual(results[0], { status: 'fulfilled', value: [20, 40] });
  assert.equal(results[1].status, 'rejected');
  assert.match(String((results[1] as PromiseRejectedResult).reason), /item 3 failed/);
  assert.deepEqual(results[2], { status: 'fulfilled', value: [100] });

  let calls = 0;
  const flaky = new TickBatcher(async (items: number[]): Promise<Settled<number>[]> => {
    if (++calls === 1) throw new Error('connection lost');
    return items.map((i) => ({ ok: true, value: i }));
  });
  const down = await Promise.allSettled([flaky.submit([1]), flaky.submit([2])]);
  assert.deepEqual(
    down.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.deepEqual(await flaky.submit([3]), [3]);
  const short = new TickBatcher(async (): Promise<Settled<number>[]> => []);
  await assert.rejects(short.submit([1]), /batch of 1 answered 0/);
});

/** An idempotent store as a runner: stores each id once, answers {created|duplicate, seq}. */
function idempotentStore() {
  const stored = new Map<string, number>();
  const runs: string[][] = [];
  type Result = { id: string; status: 'created' | 'duplicate'; seq: number };
  const run = async (ids: string[]): Promise<Settled<Result>[]> => {
    runs.push(ids);
    return ids.map((id) => {
      const prev = stored.get(id);
      if (prev !== undefined) return { ok: true, value: { id, status: 'duplicate', seq: prev } };
      stored.set(id, stored.size + 1);
      return { ok: true, value: { id, status: 'created', seq: stored.size } };
    });
  };
  const batcher = new TickBatcher(run, {
    key: (id: string) => id,
    repeat: (first: Result): Result => ({ ...first, status: 'duplicate' }),
  });
  return { stored, runs, batcher };
}

test('a repeat inside one batch is run once and gets the original result as a duplicate', async () => {
  const { stored, runs, batcher } = idempotentStore();
  const [original, retry, other] = await Promise.all([
    batcher.submit(['a', 'b']),
    batcher.submit(['a']),
    batcher.submit(['c', 'b', 'c']),
  ]);
  assert.deepEqual(runs, [['a', 'b', 'c']], 'each key runs once');
  assert.deepEqual(original, [
    { id: 'a', status: 'created', seq: 1 },
    { id: 'b', status: 'created', seq: 2 },
  ]);
  assert.deepEqual(retry, [{ id: 'a', status: 'duplicate', seq: 1 }]);
  assert.deepEqual(other, [
    { id: 'c', status: 'created', seq: 3 },
    { id: 'b', status: 'duplicate', seq: 2 },
    { id: 'c', status: 'duplicate', seq: 3 },
  ]);
  assert.equal(stored.size, 3);
  assert.deepEqual(await batcher.submit(['a']), [{ id: 'a', status: 'duplicate', seq: 1 }], 'the store says so later');
});

test('a repeat of a failed item fails too', async () => {
  const b = new TickBatcher(
    async (items: number[]): Promise<Settled<number>[]> =>
      items.map((i) => (i === 1 ? { ok: false, error: new Error('no') } : { ok: true, value: i })),
    { key: String, repeat: (v) => v },
  );
  const results = await Promise.allSettled([b.submit([1]), b.submit([2, 1]), b.submit([2])]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'fulfilled'],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEventIds, type SwipeRecord } from '@clinicwall/contract';
import { MemorySwipeStore } from '../../adapters/memory/swipeStore.ts';
import { SwipeFanout } from './fanout.ts';
import type { SwipeStore } from './ports.ts';
import { readResume } from './resume.ts';
import { SwipeSubscription, type ResumePoint } from './subscription.ts';
import { swipeDraft } from './testFixtures.ts';

const onA = (i: number) => swipeDraft(i, { cameraIds: ['cam-a'] });
const onB = (i: number) => swipeDraft(i, { cameraIds: ['cam-b'] });
const onAB = (i: number) => swipeDraft(i, { cameraIds: ['cam-a', 'cam-b'] });

/**
 * A store whose camera reads of one subscribe happen at different moments: `during` runs (swipes are
 * appended) after the read of `first` and before the reads of the other cameras.
 */
function interleaved(store: MemorySwipeStore, first: string, during: () => Promise<unknown>): SwipeStore {
  let firstDone!: () => void;
  const gate = new Promise<void>((r) => (firstDone = r));
  const read = async <T>(cameraId: string, run: () => Promise<T>): Promise<T> => {
    if (cameraId !== first) {
      await gate;
      return run();
    }
    const out = await run();
    await during();
    firstDone();
    return out;
  };
  return {
    append: (d) => store.append(d),
    page: (q) => store.page(q),
    trimBefore: (ms) => store.trimBefore(ms),
    head: () => store.head(),
    after: (cameraId, afterId, limit, upTo) => read(cameraId, () => store.after(cameraId, afterId, limit, upTo)),
    cursor: (cameraId, upTo) => read(cameraId, () => store.cursor(cameraId, upTo)),
  };
}

/**
 * One wall, as the socket handler and the web client drive it: subscribe (answer = missed + cursors,
 * live swipes held meanwhile), file each record under every subscribed camera it names, move each
 * camera's resume point to its newest record and to the stated cursor.
 */
async function subscribeWall(store: SwipeStore, feed: MemorySwipeStore, points: ResumePoint[]) {
  const byCamera = new Map<string, string[]>(points.map((p) => [p.cameraId, []]));
  const lastId = new Map<string, string>();
  const file = (r: SwipeRecord) => {
    for (const c of r.cameraIds) {
      if (!byCamera.has(c)) continue;
      byCamera.get(c)!.push(r.swipeId);
      const last = lastId.get(c);
      if (!last || compareEventIds(r.id, last) > 0) lastId.set(c, r.id);
    }
  };
  const fanout = new SwipeFanout();
  const stop = feed.subscribe((records) => fanout.deliver(records));
  const sub = new SwipeSubscription('wall-1', (records) => records.forEach(file));
  fanout.watch(sub, sub.beginCatchUp(points));
  const read = await readResume(store, points);
  const cursors = sub.settle(read.missed, read.cursors);
  read.missed.forEach(file);
  for (const [c, cursor] of Object.entries(cursors))
    if (!lastId.has(c) || compareEventIds(cursor, lastId.get(c)!) > 0) lastId.set(c, cursor);
  sub.finishCatchUp();
  return { byCamera, lastId, stop };
}

for (const first of ['cam-b', 'cam-a'])
  test(`a resume whose camera reads straddle new swipes (${first} read first) gives each camera all of them, once, in order`, async () => {
    const feed = new MemorySwipeStore();
    const [a1, b1] = await feed.append([onA(1), onB(2)]);
    // Between the reads: s on cam-b only, then r on both cameras.
    const store = interleaved(feed, first, () => feed.append([onB(3), onAB(4)]));
    const wall = await subscribeWall(store, feed, [
      { cameraId: 'cam-a', lastId: a1!.id },
      { cameraId: 'cam-b', lastId: b1!.id },
    ]);
    await feed.append([onAB(5)]);
    wall.stop();
    assert.deepEqual(wall.byCamera.get('cam-a'), ['s-4', 's-5']);
    assert.deepEqual(wall.byCamera.get('cam-b'), ['s-3', 's-4', 's-5'], 'nothing skipped or repeated for cam-b');
    // A later resume from the wall's points gets nothing more and misses nothing.
    const again = await readResume(
      feed,
      [...wall.lastId].map(([cameraId, lastId]) => ({ cameraId, lastId })),
    );
    assert.deepEqual(again.missed, []);
  });

test('a camera subscribed without a resume point starts at the same snapshot as the resumed ones', async () => {
  const feed = new MemorySwipeStore();
  const [a1] = await feed.append([onA(1), onB(2)]);
  const store = interleaved(feed, 'cam-a', () => feed.append([onB(3), onAB(4)]));
  const wall = await subscribeWall(store, feed, [
    { cameraId: 'cam-a', lastId: a1!.id },
    { cameraId: 'cam-b', lastId: null },
  ]);
  wall.stop();
  assert.deepEqual(wall.byCamera.get('cam-a'), ['s-4']);
  assert.deepEqual(wall.byCamera.get('cam-b'), ['s-3', 's-4'], 'what came after the snapshot comes live');
});

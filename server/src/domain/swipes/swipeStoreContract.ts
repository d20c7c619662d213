import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEventIds, START_CURSOR } from '@clinicwall/contract';
import type { SwipeStore } from './ports.ts';
import { swipeDraft } from './testFixtures.ts';

const ids = async (store: SwipeStore, cameraId: string, afterId: string) =>
  (await store.after(cameraId, afterId, 1000)).map((r) => r.swipeId);

/**
 * What every SwipeStore must do for a resume (run against the memory one here, against Redis in
 * integration tests): `make` returns an empty store. A camera's cursor, taken at any moment, is a
 * point from which `after` returns exactly the swipes appended later, oldest first, each once.
 */
export function swipeStoreContract(name: string, make: () => Promise<SwipeStore>): void {
  test(`${name}: a camera without swipes has the start cursor, and resuming from it gets what came since`, async () => {
    const store = await make();
    assert.equal(await store.cursor('cam-odd'), START_CURSOR);
    await store.append([swipeDraft(0), swipeDraft(2)]); // unmapped: no camera
    assert.equal(await store.cursor('cam-odd'), START_CURSOR, 'other swipes do not move it');
    const cursor = await store.cursor('cam-odd');
    await store.append([swipeDraft(1), swipeDraft(4), swipeDraft(3)]);
    assert.deepEqual(await ids(store, 'cam-odd', cursor), ['s-1', 's-3']);
  });

  test(`${name}: the cursor is the newest swipe of the camera; a resume from it repeats none and misses none`, async () => {
    const store = await make();
    const first = await store.append([1, 3, 5].map((i) => swipeDraft(i)));
    const cursor = await store.cursor('cam-odd');
    assert.equal(cursor, first.at(-1)!.id);
    assert.deepEqual(await ids(store, 'cam-odd', cursor), [], 'nothing after the newest');
    // Later: new swipes, a repeat of an old one (idempotent), one seen by two cameras.
    await store.append([swipeDraft(7), swipeDraft(3), swipeDraft(9, { cameraIds: ['cam-odd', 'cam-two'] })]);
    assert.deepEqual(await ids(store, 'cam-odd', cursor), ['s-7', 's-9']);
    assert.deepEqual(await ids(store, 'cam-two', START_CURSOR), ['s-9']);
  });

  test(`${name}: the head is the newest swipe of any camera; reads up to it ignore what came later`, async () => {
    const store = await make();
    assert.equal(await store.head(), START_CURSOR);
    const first = await store.append([1, 2, 3].map((i) => swipeDraft(i)));
    const head = await store.head();
    assert.equal(head, first.at(-1)!.id, 'an unmapped swipe moves the head too');
    await store.append([swipeDraft(5), swipeDraft(6)]);
    assert.deepEqual(
      (await store.after('cam-odd', START_CURSOR, 1000, head)).map((r) => r.swipeId),
      ['s-1', 's-3'],
    );
    assert.deepEqual(
      (await store.after('cam-odd', START_CURSOR, 1, head)).map((r) => r.swipeId),
      ['s-3'],
    );
    assert.equal(await store.cursor('cam-odd', head), first[2]!.id);
    assert.equal(await store.cursor('cam-odd', first[0]!.id), first[0]!.id, 'at or before');
    assert.equal(await store.cursor('cam-odd', '1-0'), START_CURSOR);
    assert.deepEqual(await store.after('cam-odd', first[2]!.id, 1000, first[0]!.id), [], 'a resume point past it');
    assert.deepEqual(await ids(store, 'cam-odd', head), ['s-5']);
  });

  test(`${name}: resuming in steps, each from the previous cursor, gives every swipe once, in order`, async () => {
    const store = await make();
    const seen: string[] = [];
    let cursor = await store.cursor('cam-odd');
    for (let step = 0; step < 4; step++) {
      await store.append([0, 1, 2, 3].map((k) => swipeDraft(10 * step + 2 * k + 1)));
      const got = await store.after('cam-odd', cursor, 1000);
      seen.push(...got.map((r) => r.id));
      cursor = got.at(-1)?.id ?? cursor;
      assert.equal(cursor, await store.cursor('cam-odd'), 'the last swipe read is the cursor');
    }
    assert.equal(seen.length, 16);
    assert.ok(
      seen.every((id, i) => i === 0 || compareEventIds(seen[i - 1]!, id) < 0),
      'strictly increasing',
    );
  });
}

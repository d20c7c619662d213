import { test } from 'node:test';
import assert from 'node:assert/strict';
import { START_CURSOR, type SwipeRecord } from '@clinicwall/contract';
import { SwipeFanout } from './fanout.ts';
import { SwipeSubscription } from './subscription.ts';

const rec = (id: string, cameraIds: string[]): SwipeRecord =>
  ({ id, cameraIds, swipeId: `s-${id}` }) as unknown as SwipeRecord;

let walls = 0;
function wall() {
  const got: string[] = [];
  const sub = new SwipeSubscription(`wall-${++walls}`, (records) => got.push(...records.map((r) => r.id)));
  return { sub, got };
}

/** What the fanout does with one wall: send when offer() says so. */
function offer(w: ReturnType<typeof wall>, r: SwipeRecord): void {
  if (w.sub.offer(r)) w.sub.send([r]);
}

test('live swipes reach only the walls showing one of their cameras, once each', () => {
  const fan = new SwipeFanout();
  const a = wall();
  const b = wall();
  a.sub.beginCatchUp([
    { cameraId: 'cam-1', lastId: null },
    { cameraId: 'cam-2', lastId: null },
  ]);
  a.sub.finishCatchUp();
  fan.watch(a.sub, ['cam-1', 'cam-2']);
  b.sub.beginCatchUp([{ cameraId: 'cam-3', lastId: null }]);
  b.sub.finishCatchUp();
  fan.watch(b.sub, ['cam-3']);
  fan.deliver([rec('1-0', ['cam-1', 'cam-2']), rec('2-0', ['cam-3']), rec('3-0', ['cam-9'])]);
  assert.deepEqual(a.got, ['1-0'], 'a swipe on two of the wall’s cameras comes once');
  assert.deepEqual(b.got, ['2-0']);
});

test('during a resume, live swipes wait; those already in the missed list are not sent again', () => {
  const fan = new SwipeFanout();
  const w = wall();
  w.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: '10-0' }]);
  fan.watch(w.sub, ['cam-1']);
  // While the store is read, the feed delivers 12 (also in missed) and 13 (stored after the read).
  fan.deliver([rec('12-0', ['cam-1']), rec('13-0', ['cam-1'])]);
  assert.equal(w.got.length, 0, 'nothing overtakes the answer');
  const missed = [rec('11-0', ['cam-1']), rec('12-0', ['cam-1'])];
  w.got.push(...missed.map((r) => `missed:${r.id}`));
  assert.deepEqual(w.sub.settle(missed, new Map([['cam-1', '12-0']])), { 'cam-1': '12-0' });
  w.sub.finishCatchUp();
  assert.deepEqual(w.got, ['missed:11-0', 'missed:12-0', '13-0']);
  // A slow feed replaying an old swipe changes nothing.
  fan.deliver([rec('11-0', ['cam-1'])]);
  assert.deepEqual(w.got, ['missed:11-0', 'missed:12-0', '13-0']);
});

test('a camera subscribed without a resume point starts at the cursor read for it', () => {
  const fan = new SwipeFanout();
  const w = wall();
  w.sub.beginCatchUp([
    { cameraId: 'cam-1', lastId: null },
    { cameraId: 'cam-2', lastId: null },
  ]);
  fan.watch(w.sub, ['cam-1', 'cam-2']);
  assert.equal(w.sub.position('cam-1'), null);
  // Stored before the store's head was read (so at or before the cursor), delivered by a slow feed.
  fan.deliver([rec('7-0', ['cam-1'])]);
  const cursors = w.sub.settle(
    [],
    new Map([
      ['cam-1', '7-0'],
      ['cam-2', START_CURSOR],
    ]),
  );
  assert.deepEqual(cursors, { 'cam-1': '7-0', 'cam-2': START_CURSOR });
  fan.deliver([rec('8-0', ['cam-2'])]);
  w.sub.finishCatchUp();
  assert.deepEqual(w.got, ['8-0'], 'what the cursor covers is not sent, what follows it is');
  assert.deepEqual([w.sub.position('cam-1'), w.sub.position('cam-2')], ['7-0', '8-0']);
});

test('the cursor stated for a camera never goes back behind what the wall was given', () => {
  const w = wall();
  w.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: null }]);
  w.sub.settle([], new Map([['cam-1', START_CURSOR]]));
  w.sub.finishCatchUp();
  offer(w, rec('5-0', ['cam-1']));
  w.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: '3-0' }]);
  assert.equal(w.sub.position('cam-1'), '5-0');
  assert.deepEqual(w.sub.settle([], new Map([['cam-1', '3-0']])), { 'cam-1': '5-0' });
  w.sub.finishCatchUp();
  w.sub.beginCatchUp([{ cameraId: 'cam-9', lastId: null }]);
  w.sub.remove(['cam-9']); // unsubscribed while the store was read
  assert.deepEqual(w.sub.settle([], new Map([['cam-9', '4-0']])), { 'cam-9': '4-0' });
  w.sub.finishCatchUp();
  assert.equal(w.sub.has('cam-9'), false, 'settling does not subscribe it again');
});

test('a resume point older than what the wall already has does not replay live swipes', () => {
  const w = wall();
  w.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: null }]);
  w.sub.finishCatchUp();
  offer(w, rec('5-0', ['cam-1']));
  w.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: '3-0' }]);
  w.sub.finishCatchUp();
  offer(w, rec('5-0', ['cam-1']));
  offer(w, rec('6-0', ['cam-1']));
  assert.deepEqual(w.got, ['5-0', '6-0']);
});

test('an unsubscribed camera gets nothing more', () => {
  const fan = new SwipeFanout();
  const w = wall();
  w.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: null }]);
  w.sub.finishCatchUp();
  fan.watch(w.sub, ['cam-1']);
  fan.unwatch(w.sub, ['cam-1']);
  w.sub.remove(['cam-1']);
  fan.deliver([rec('1-0', ['cam-1'])]);
  offer(w, rec('2-0', ['cam-1']));
  assert.deepEqual(w.got, []);
  assert.equal(fan.watchers('cam-1'), 0);
});

test('ids compare numerically, not as text', () => {
  const w = wall();
  w.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: '999-9' }]);
  w.sub.finishCatchUp();
  offer(w, rec('1000-0', ['cam-1']));
  offer(w, rec('999-10', ['cam-1']));
  assert.deepEqual(w.got, ['1000-0'], '999-10 is older than 1000-0 and newer than 999-9, but 1000-0 came first');
});

test('one swipe for several walls goes out in one send', () => {
  const sends: [string, string[]][] = [];
  const fan = new SwipeFanout();
  fan.setSender((records, to) => sends.push([records.map((r) => r.id).join(' '), to.map((s) => s.id)]));
  const a = wall();
  const b = wall();
  const c = wall();
  for (const w of [a, b, c]) {
    w.sub.beginCatchUp([{ cameraId: w === c ? 'cam-2' : 'cam-1', lastId: null }]);
    w.sub.finishCatchUp();
    fan.watch(w.sub, w.sub.cameraIds());
  }
  b.sub.beginCatchUp([{ cameraId: 'cam-1', lastId: null }]); // b is resuming: holds
  fan.deliver([rec('1-0', ['cam-1'])]);
  assert.deepEqual(sends, [['1-0', [a.sub.id]]]);
  b.sub.finishCatchUp();
  assert.deepEqual(b.got, ['1-0'], 'released to b alone after its answer');
  fan.deliver([rec('2-0', ['cam-1']), rec('3-0', ['cam-2'])]);
  assert.deepEqual(sends.slice(1), [
    ['2-0', [a.sub.id, b.sub.id]],
    ['3-0', [c.sub.id]],
  ]);
});

test('swipes the feed hands over together leave as one message per wall, one send per set of walls', () => {
  const sends: [string[], string[]][] = [];
  const fan = new SwipeFanout();
  fan.setSender((records, to) => sends.push([records.map((r) => r.id), to.map((s) => s.id)]));
  const [a, b, c] = [wall(), wall(), wall()];
  const cams = new Map([
    [a, ['cam-1', 'cam-2']],
    [b, ['cam-1', 'cam-2']],
    [c, ['cam-2']],
  ]);
  for (const [w, ids] of cams) {
    w.sub.beginCatchUp(ids.map((cameraId) => ({ cameraId, lastId: null })));
    w.sub.finishCatchUp();
    fan.watch(w.sub, ids);
  }
  fan.deliver([rec('1-0', ['cam-1']), rec('2-0', ['cam-2']), rec('3-0', ['cam-1', 'cam-2']), rec('4-0', ['cam-9'])]);
  assert.deepEqual(sends, [
    [
      ['1-0', '2-0', '3-0'],
      [a.sub.id, b.sub.id],
    ],
    [['2-0', '3-0'], [c.sub.id]],
  ]);
});

test('swipes held during a catch-up are released in one message, in order, without those the answer had', () => {
  const sent: string[][] = [];
  const sub = new SwipeSubscription('wall-x', (records) => sent.push(records.map((r) => r.id)));
  sub.beginCatchUp([{ cameraId: 'cam-1', lastId: '1-0' }]);
  for (const id of ['2-0', '3-0', '4-0']) assert.equal(sub.offer(rec(id, ['cam-1'])), false, 'held');
  sub.settle([rec('2-0', ['cam-1'])], new Map([['cam-1', '2-0']]));
  sub.finishCatchUp();
  assert.deepEqual(sent, [['3-0', '4-0']]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwipeSubscribeRequest } from '@clinicwall/contract';
import { MAX_CAMERAS_PER_SUBSCRIBE, SwipeSubscriptions, type SubscribeBatch } from './subscriptions.ts';

const cams = (batches: SubscribeBatch[]) => batches.flatMap((b) => b.entries.map((e) => e.cameraId));

function tracker(lastIds: Record<string, string> = {}) {
  return new SwipeSubscriptions((id) => lastIds[id] ?? null);
}

test('nothing is sent before the socket connects; on connect every wanted camera is subscribed with its last id', () => {
  const s = tracker({ 'cam-002': '500-3' });
  assert.deepEqual(s.setWanted(['cam-001', 'cam-002']), { subscribe: [], unsubscribe: [] });
  const { subscribe } = s.connected();
  assert.equal(subscribe.length, 1);
  assert.deepEqual(subscribe[0]!.entries, [
    { cameraId: 'cam-001', lastId: null, arrival: 'catchup' },
    { cameraId: 'cam-002', lastId: '500-3', arrival: 'catchup' },
  ]);
  assert.ok(s.isJoined('cam-001') && s.isJoined('cam-002'), 'joined as soon as sent (a live swipe may beat the ack)');
});

test('a page change subscribes the new cameras and unsubscribes the ones that left', () => {
  const s = tracker();
  s.setWanted(['cam-001', 'cam-002']);
  s.connected();
  const c = s.setWanted(['cam-002', 'cam-003']);
  assert.deepEqual(cams(c.subscribe), ['cam-003']);
  assert.deepEqual(c.unsubscribe, ['cam-001']);
  assert.equal(s.isJoined('cam-001'), false);
  assert.deepEqual(s.joinedOf(['cam-001', 'cam-002', 'cam-003']), ['cam-002', 'cam-003']);
  // The same set again sends nothing.
  assert.deepEqual(s.setWanted(['cam-003', 'cam-002']), { subscribe: [], unsubscribe: [] });
});

test('after a reconnect, cameras shown across the blip resume (missed = shown as new), others catch up', () => {
  const last: Record<string, string> = {};
  const s = new SwipeSubscriptions((id) => last[id] ?? null);
  s.setWanted(['cam-001', 'cam-002']);
  s.connected();
  last['cam-001'] = '900-0';
  s.disconnected();
  assert.equal(s.isJoined('cam-001'), false, 'a new socket is in no room');
  // While down, the page moved on by one camera.
  assert.deepEqual(s.setWanted(['cam-001', 'cam-003']), { subscribe: [], unsubscribe: [] });
  const [batch] = s.connected().subscribe;
  assert.deepEqual(batch!.entries, [
    { cameraId: 'cam-001', lastId: '900-0', arrival: 'resume' },
    { cameraId: 'cam-003', lastId: null, arrival: 'catchup' },
  ]);
  s.acknowledged(batch!);
  // Leaving and coming back later is a catch-up again.
  s.setWanted(['cam-003']);
  assert.deepEqual(
    s.setWanted(['cam-001', 'cam-003']).subscribe[0]!.entries.map((e) => e.arrival),
    ['catchup'],
  );
});

test('a failed subscribe un-joins its cameras and retry sends them again', () => {
  const s = tracker();
  s.setWanted(['cam-001', 'cam-002']);
  const [batch] = s.connected().subscribe;
  s.failed(batch!);
  assert.equal(s.isJoined('cam-001'), false);
  assert.deepEqual(cams(s.retry().subscribe), ['cam-001', 'cam-002']);
  assert.deepEqual(s.retry().subscribe, [], 'nothing left to retry');
});

test('a stale failure does not un-join a camera a later request joined again', () => {
  const s = tracker();
  s.setWanted(['cam-001']);
  const [first] = s.connected().subscribe;
  s.setWanted([]);
  const [second] = s.setWanted(['cam-001']).subscribe;
  assert.ok(second!.seq > first!.seq);
  s.failed(first!);
  assert.equal(s.isJoined('cam-001'), true);
});

test('retry does nothing while disconnected; requests are split at the contract limit', () => {
  const s = tracker();
  const many = Array.from({ length: MAX_CAMERAS_PER_SUBSCRIBE + 5 }, (_, i) => `cam-${i}`);
  s.setWanted(many);
  assert.deepEqual(s.retry().subscribe, []);
  const { subscribe } = s.connected();
  assert.deepEqual(
    subscribe.map((b) => b.entries.length),
    [MAX_CAMERAS_PER_SUBSCRIBE, 5],
  );
  for (const b of subscribe) {
    const req = { cameras: b.entries.map((e) => ({ cameraId: e.cameraId, lastId: e.lastId })) };
    assert.equal(SwipeSubscribeRequest.safeParse(req).success, true, 'each request is valid for the contract');
  }
  const tooMany = {
    cameras: many.slice(0, MAX_CAMERAS_PER_SUBSCRIBE + 1).map((cameraId) => ({ cameraId, lastId: null })),
  };
  assert.equal(SwipeSubscribeRequest.safeParse(tooMany).success, false, 'the limit is the contract one');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmEventDto } from '@clinicwall/contract';
import { alarmKit, operator, summary } from '../../domain/alarms/alarmTestKit.ts';
import { AlarmService } from '../alarmService.ts';
import type { AlarmInbox, InboxEntry, InboxReply } from './inboxEntries.ts';
import { LeaderWorker } from './leaderWorker.ts';

const HEARTBEAT = 2000;

async function leader() {
  const kit = await alarmKit({ debounceMs: { signal_loss: 0, blank: 0 } });
  const service = new AlarmService({ engine: kit.engine, maintenance: kit.maintenance });
  const events: AlarmEventDto[] = [];
  service.onEvent((e) => events.push(e));
  const replies: { to: string; reply: InboxReply }[] = [];
  const inbox: AlarmInbox = {
    origin: 'leader',
    post: async () => undefined,
    onReply: () => undefined,
    reply: async (to, reply) => void replies.push({ to, reply }),
    consume: () => ({ stop: async () => undefined }),
  };
  let t = Date.now();
  const worker = new LeaderWorker({ service, inbox, heartbeatMs: HEARTBEAT, now: () => t });
  const at = (ms: number) => void (t += ms);
  return { worker, service, events, replies, at, now: () => t };
}

const feeds = (origin: string, at: number, state: 'live' | 'no_signal', full = true): InboxEntry => ({
  t: 'feeds',
  origin,
  at,
  full,
  feeds: [{ cameraId: 'cam-e1', state }],
});

test("liveness is judged once every process had its say, merged: another process's media keeps the camera live until that process goes silent", async () => {
  const { worker, service, events, at, now } = await leader();
  try {
    await worker.handle(feeds('a', now(), 'no_signal'));
    await worker.tick();
    assert.deepEqual(summary(events), [], 'not settled: b may not have reported yet');
    await worker.handle(feeds('b', now(), 'live'));
    at(HEARTBEAT * 1.5);
    await worker.tick();
    assert.deepEqual(summary(events), [], 'live on b');
    await worker.handle(feeds('a', now(), 'no_signal'));
    at(HEARTBEAT * 1.5); // b silent for 3 heartbeats: dead
    await worker.tick();
    assert.deepEqual(summary(events), ['raised signal_loss@cam-e1', 'activated signal_loss@cam-e1']);
  } finally {
    await worker.stop();
    service.close();
  }
});

test('requests are answered to their sender (data or error code); one read after its expiry is skipped; stale verdicts are dropped', async () => {
  const { worker, service, events, replies, at, now } = await leader();
  try {
    await worker.handle({
      t: 'picture',
      origin: 'b',
      at: now() - 61_000,
      cameraId: 'cam-e1',
      source: 'wall:x',
      verdict: 'blank',
    });
    assert.deepEqual(summary(events), [], 'a minute old: stale');
    await worker.handle({
      t: 'picture',
      origin: 'b',
      at: now(),
      cameraId: 'cam-e1',
      source: 'wall:x',
      verdict: 'blank',
    });
    const alarm = events.find((e) => e.type === 'activated');
    assert.ok(alarm && alarm.type === 'activated');
    const ack = (id: string, expiresAt: number): InboxEntry => ({
      t: 'command',
      origin: 'b',
      at: now(),
      id,
      expiresAt,
      actor: operator,
      command: { op: 'ack', req: { alarmId: alarm.alarm.id } },
    });
    await worker.handle(ack('late', now() - 1));
    await worker.handle(ack('first', now() + 4000));
    await worker.handle(ack('second', now() + 4000));
    at(1);
    assert.deepEqual(
      replies.map((r) => [r.to, r.reply.id, r.reply.ok ? (r.reply.data as { state: string }).state : r.reply.code]),
      [
        ['b', 'first', 'acknowledged'],
        ['b', 'second', 'conflict'],
      ],
    );
  } finally {
    await worker.stop();
    service.close();
  }
});

test("a silent process's verdicts stop counting after three missed heartbeats, and count again when it is heard from", async () => {
  const kit = await alarmKit({ debounceMs: { occluded: 0 } });
  const service = new AlarmService({ engine: kit.engine, maintenance: kit.maintenance });
  const events: AlarmEventDto[] = [];
  service.onEvent((e) => events.push(e));
  const inbox: AlarmInbox = {
    origin: 'a',
    post: async () => undefined,
    onReply: () => undefined,
    reply: async () => undefined,
    consume: () => ({ stop: async () => undefined }),
  };
  let t = Date.now();
  const worker = new LeaderWorker({ service, inbox, heartbeatMs: HEARTBEAT, now: () => t });
  const picture = (origin: string, source: string, verdict: 'ok' | 'occluded'): InboxEntry => ({
    t: 'picture',
    origin,
    at: t,
    cameraId: 'cam-e1',
    source,
    verdict,
  });
  /** Both processes (or only a) send their heartbeat, one heartbeat later. */
  const beat = async (...origins: string[]) => {
    t += HEARTBEAT;
    for (const o of origins) await worker.handle(feeds(o, t, 'live'));
    await worker.tick();
  };
  try {
    await beat('a', 'b');
    await worker.handle(picture('a', 'wall:on-a', 'ok'));
    await worker.handle(picture('b', 'wall:on-b', 'occluded'));
    assert.deepEqual(summary(events), ['raised occluded@cam-e1', 'activated occluded@cam-e1'], "b's wall sees it");
    events.length = 0;
    await beat('a'); // b killed: a keeps beating
    await beat('a');
    assert.deepEqual(summary(events), [], 'b silent for two heartbeats: still counts');
    await beat('a');
    assert.deepEqual(summary(events), ['cleared occluded@cam-e1'], "three missed: only a's ok is left");
    await beat('a');
    assert.deepEqual(summary(events), ['cleared occluded@cam-e1'], 'withdrawn once');
    events.length = 0;
    await beat('a', 'b'); // b back (cut off from Redis, not dead): its wall's verdict is in force again
    assert.deepEqual(summary(events), ['raised occluded@cam-e1', 'activated occluded@cam-e1']);
    events.length = 0;
    await beat('a');
    await beat('a');
    await beat('a');
    assert.deepEqual(summary(events), ['cleared occluded@cam-e1']);
    events.length = 0;
    await worker.handle(picture('b', 'wall:on-b', 'occluded')); // its wall reports again
    assert.deepEqual(summary(events), ['raised occluded@cam-e1', 'activated occluded@cam-e1']);
    events.length = 0;
    await worker.handle({ t: 'withdraw', origin: 'b', at: t, cameraId: 'cam-e1', source: 'wall:on-b' });
    assert.deepEqual(summary(events), ['cleared occluded@cam-e1'], 'withdrawn by its wall');
    events.length = 0;
    await beat('a');
    await beat('a');
    await beat('a');
    await beat('a', 'b');
    assert.deepEqual(summary(events), [], 'a withdrawn verdict does not come back with its process');
  } finally {
    await worker.stop();
    service.close();
  }
});

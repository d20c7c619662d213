import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContinuityCounters, FrameBoundary } from './mpegts.ts';
import { VIDEO_PID, datagrams, framePackets, packetsOf, patPacket, tsPacket } from './mpegtsFixture.ts';

const cc = (p: Buffer) => p[3]! & 0x0f;
const pid = (p: Buffer) => ((p[1]! & 0x1f) << 8) | p[2]!;

test('a frame is complete only after its last datagram', () => {
  const frames = new FrameBoundary();
  assert.equal(frames.atFrameEnd, true, 'nothing begun');
  const ds = datagrams([patPacket(0), ...framePackets(3000, 1)]);
  assert.ok(ds.length >= 3);
  for (const [i, d] of ds.entries()) {
    frames.track(d);
    assert.equal(frames.atFrameEnd, i === ds.length - 1, `after datagram ${i + 1}/${ds.length}`);
  }
  frames.track(Buffer.concat([patPacket(1)]));
  assert.equal(frames.atFrameEnd, true, 'a table packet is whole');
});

test('a frame that fills its last datagram exactly is complete too', () => {
  const frames = new FrameBoundary();
  // 7 packets: 7*184 bytes of PES, i.e. 1288 - 9 header bytes of payload.
  const ds = datagrams(framePackets(7 * 184 - 9, 2));
  assert.deepEqual(
    ds.map((d) => d.length),
    [1316],
  );
  frames.track(ds[0]!);
  assert.equal(frames.atFrameEnd, true);
});

test('a PES without a length ends where ffmpeg flushed a short datagram', () => {
  const frames = new FrameBoundary();
  const ds = datagrams(framePackets(2000, 3, 0, true));
  frames.track(ds[0]!);
  assert.equal(frames.atFrameEnd, false);
  for (const d of ds.slice(1)) frames.track(d);
  assert.equal(frames.atFrameEnd, true);
});

test('continuity counters run on per PID across sources; packets without payload keep theirs', () => {
  const counters = new ContinuityCounters();
  const first = [patPacket(7), ...framePackets(500, 1, 7)];
  const second = [patPacket(0), tsPacket({ pid: VIDEO_PID, cc: 0 }), ...framePackets(500, 2, 0)];
  const out = packetsOf([...first, ...second].map((p) => Buffer.from(p)).map((p) => (counters.rewrite(p), p)));
  const video = out.filter((p) => pid(p) === VIDEO_PID);
  const pat = out.filter((p) => pid(p) === 0);
  assert.deepEqual(pat.map(cc), [7, 8]);
  // 500+9 bytes are 3 packets: 7 8 9, then the adaptation-only packet keeps 9, then 10 11 12.
  assert.deepEqual(video.map(cc), [7, 8, 9, 9, 10, 11, 12]);
});

test('counters wrap from 15 to 0', () => {
  const counters = new ContinuityCounters();
  const out = [...framePackets(184 * 3, 1, 14), ...framePackets(100, 2, 3)].map((p) => {
    counters.rewrite(p);
    return cc(p);
  });
  assert.deepEqual(out, [14, 15, 0, 1, 2]);
});

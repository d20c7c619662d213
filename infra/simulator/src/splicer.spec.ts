import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SPLICE_WAIT_MS, Splicer } from './splicer.ts';
import { datagrams, framePackets, frameTags, packetsOf, patPacket } from './mpegtsFixture.ts';

/** A splicer with a fake clock, recording what it sends. */
function rig() {
  let now = 1000;
  const sent: Buffer[] = [];
  const splicer = new Splicer(
    (d) => sent.push(d),
    () => now,
  );
  return { splicer, sent, tags: () => frameTags(packetsOf(sent)), advance: (ms: number) => (now += ms) };
}
/** One frame as datagrams; a source's first frame opens with a PAT as ffmpeg's does. */
const frame = (tag: number, first = false) => datagrams([...(first ? [patPacket(0)] : []), ...framePackets(3000, tag)]);

test('the first source goes out from its first datagram', () => {
  const { splicer, tags } = rig();
  splicer.open(1);
  const [d0, ...rest] = frame(1, true);
  assert.equal(splicer.receive(1, d0!), true);
  assert.equal(splicer.active, 1);
  rest.forEach((d) => assert.equal(splicer.receive(1, d), false));
  assert.deepEqual(tags(), [1]);
});

test('a new source takes over between two frames of the old one, nothing lost or mixed', () => {
  const { splicer, sent, tags } = rig();
  splicer.open(1);
  frame(1, true).forEach((d) => splicer.receive(1, d));
  const [a0, ...aRest] = frame(2);
  splicer.receive(1, a0!); // the old source is in the middle of frame 2
  splicer.open(2);
  const fresh = frame(100, true);
  assert.equal(splicer.receive(2, fresh[0]!), false, 'waits for the old frame to end');
  assert.equal(splicer.active, 1);
  const ends = aRest.map((d) => splicer.receive(1, d));
  assert.deepEqual(ends, [...ends.slice(0, -1).map(() => false), true], 'switches on the old frame’s last datagram');
  assert.equal(splicer.active, 2);
  fresh.slice(1).forEach((d) => splicer.receive(2, d));
  frame(3).forEach((d) => splicer.receive(1, d)); // the old one still runs: dropped
  assert.deepEqual(tags(), [1, 2, 100]);
  const counters = packetsOf(sent)
    .filter((p) => (((p[1]! & 0x1f) << 8) | p[2]!) === 0x100)
    .map((p) => p[3]! & 0x0f);
  counters.forEach((c, i) => i && assert.equal(c, (counters[i - 1]! + 1) & 15, `counter ${i}`));
});

test('between frames the new source takes over at once', () => {
  const { splicer, tags } = rig();
  splicer.open(1);
  frame(1, true).forEach((d) => splicer.receive(1, d));
  splicer.open(2);
  assert.equal(splicer.receive(2, frame(50, true)[0]!), true);
  assert.deepEqual(tags(), [1, 50]);
});

test('an old source stalled inside a frame is given up after MAX_SPLICE_WAIT_MS', () => {
  const { splicer, tags, advance } = rig();
  splicer.open(1);
  splicer.receive(1, frame(1, true)[0]!);
  splicer.open(2);
  assert.equal(splicer.pending, false);
  splicer.receive(2, frame(60, true)[0]!);
  assert.equal(splicer.pending, true);
  advance(MAX_SPLICE_WAIT_MS - 1);
  assert.equal(splicer.poll(), false);
  advance(1);
  assert.equal(splicer.poll(), true);
  assert.equal(splicer.active, 2);
  assert.equal(splicer.pending, false);
  assert.deepEqual(tags(), [1, 60]);
});

test('cut sends nothing until a source opened after it sends', () => {
  const { splicer, sent } = rig();
  splicer.open(1);
  frame(1, true).forEach((d) => splicer.receive(1, d));
  const before = sent.length;
  splicer.cut();
  frame(2).forEach((d) => splicer.receive(1, d));
  assert.equal(sent.length, before);
  assert.equal(splicer.active, null);
  splicer.open(2);
  assert.equal(splicer.receive(2, frame(70, true)[0]!), true);
  assert.equal(sent.length, before + 1);
});

test('closing the active source stops the output; unknown sources are ignored', () => {
  const { splicer, sent } = rig();
  splicer.open(1);
  frame(1, true).forEach((d) => splicer.receive(1, d));
  splicer.close(1);
  assert.equal(splicer.active, null);
  const before = sent.length;
  frame(2).forEach((d) => splicer.receive(1, d));
  frame(3).forEach((d) => splicer.receive(9, d));
  assert.equal(sent.length, before);
});

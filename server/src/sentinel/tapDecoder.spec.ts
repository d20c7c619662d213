import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TapDecoder, type DecodedFrame } from './tapDecoder.ts';
import { FakeTap, fakeFfmpeg } from './testkit.ts';

const quick = { minBackoffMs: 50, maxBackoffMs: 400, healthyAfterMs: 10_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('frames come out whole and labelled with the camera; ffmpeg gets the tap SDP on stdin', async () => {
  const ff = fakeFfmpeg({ width: 8, height: 4, frames: 3, holdS: 30 });
  const tap = new FakeTap('cam-a');
  const dec = new TapDecoder({ tap: tap.asTap(), ffmpegPath: ff.path, width: 8, height: 4, supervisor: quick });
  const frames: DecodedFrame[] = [];
  dec.on('frame', (f) => frames.push(f));
  dec.start();
  try {
    await until('three frames', () => frames.length === 3);
    assert.deepEqual(
      frames.map((f) => [f.cameraId, f.width, f.height, f.data.length, f.data[0]]),
      Array(3).fill(['cam-a', 8, 4, 48, 128]),
    );
    assert.ok(frames[0]!.at <= frames[2]!.at);
    assert.deepEqual(ff.sdps(), [tap.sdp!.trimEnd()]);
    assert.equal(dec.snapshot.state, 'running');
    assert.equal(dec.snapshot.frames, 3);
    await until('a key frame asked for the new receiver', () => tap.keyFrameRequests >= 1, 2000);
  } finally {
    dec.close();
  }
  assert.equal(dec.snapshot.state, 'stopped');
});

test('a tap that never had a stream waits; a decoder that keeps dying is restarted with back-off', async () => {
  const ff = fakeFfmpeg({ frames: 0, exitCode: 3 });
  const tap = new FakeTap('cam-b', false);
  const dec = new TapDecoder({ tap: tap.asTap(), ffmpegPath: ff.path, supervisor: quick });
  dec.start();
  try {
    await sleep(300);
    assert.equal(ff.sdps().length, 0, 'no ffmpeg without an SDP');
    tap.produce();
    await until('several restarts', () => ff.sdps().length >= 4, 5000);
    const snap = dec.snapshot;
    assert.ok(snap.restarts >= 3);
    assert.match(snap.lastError ?? '', /exited with 3/);
  } finally {
    dec.close();
  }
});

test('a decoder that gives no frames while the tap carries a stream is restarted, one that waits for a silent camera is not', async () => {
  const ff = fakeFfmpeg({ frames: 0, holdS: 30 });
  const live = new FakeTap('cam-c');
  const silent = new FakeTap('cam-d');
  const stalled = new TapDecoder({ tap: live.asTap(), ffmpegPath: ff.path, stallMs: 300, supervisor: quick });
  const waiting = new TapDecoder({ tap: silent.asTap(), ffmpegPath: ff.path, stallMs: 300, supervisor: quick });
  stalled.start();
  waiting.start();
  try {
    await sleep(100);
    silent.current = null; // the camera went away: nothing to expect
    silent.emit('stream', null);
    await sleep(1200);
    assert.ok(stalled.snapshot.restarts >= 1, `stalled decoder restarted ${stalled.snapshot.restarts} times`);
    assert.equal(waiting.snapshot.restarts, 0);
  } finally {
    stalled.close();
    waiting.close();
  }
});

test('a codec change restarts ffmpeg with the new SDP; the same codec on a new producer does not', async () => {
  const ff = fakeFfmpeg({ frames: 1000, intervalS: 0.1, holdS: 30 });
  const tap = new FakeTap('cam-e');
  const dec = new TapDecoder({ tap: tap.asTap(), ffmpegPath: ff.path, supervisor: quick });
  dec.start();
  try {
    await until('running', () => dec.snapshot.state === 'running');
    const pid = dec.snapshot.pid;
    tap.produce(false);
    await sleep(300);
    assert.equal(dec.snapshot.pid, pid, 'same SDP: ffmpeg follows the new producer itself');
    tap.produce(true);
    await until('restarted', () => dec.snapshot.pid !== pid && dec.snapshot.state === 'running', 5000);
    assert.match(ff.sdps().at(-1)!, /RTP\/AVP 96/);
  } finally {
    dec.close();
    dec.close();
  }
});

test('an odd output size is refused', () => {
  assert.throws(() => new TapDecoder({ tap: new FakeTap('x').asTap(), width: 321 }), /width/);
});

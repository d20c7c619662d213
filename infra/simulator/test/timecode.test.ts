/**
 * The simulator's burned-in timecode, decoded from its UDP streams with the contract's decoder,
 * matches the wall clock at capture: the picture is stamped when it is made and sent at once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTimecode, timecodeAgeMs } from '@clinicwall/contract';
import { startFleet, type Fleet } from '../src/index.ts';
import { captureGray, freeUdpBasePort, type GrayFrame } from './capture.ts';

const FPS = 15;
let fleet: Fleet;
let base: number;

before(async () => {
  base = await freeUdpBasePort(2);
  fleet = await startFleet({ cameras: 1, fps: FPS, httpPort: 0, basePort: base, log: () => {} });
});
after(() => fleet?.stop());

function ages(frames: GrayFrame[], width: number, height: number) {
  return frames.map((f) => {
    const v = decodeTimecode(width, height, (x, y) => f.data[y * width + x]!);
    assert.notEqual(v, null, 'every frame carries a timecode');
    return { value: v!, age: timecodeAgeMs(v!, f.at) };
  });
}

for (const [stream, width, height, offset] of [
  ['main', 640, 360, 0],
  ['sub', 320, 180, 1],
] as const) {
  test(`${stream} stream (${width}x${height}): decoded time is within 150 ms of capture`, async (t) => {
    const frames = await captureGray(`udp://127.0.0.1:${base + offset}`, width, height, 20);
    // The first frames can come out of the decoder's probe buffer in a burst; judge the rest.
    const decoded = ages(frames, width, height).slice(5);
    for (const { age } of decoded) {
      assert.ok(age > -20 && age < 150, `age ${age} ms (all: ${decoded.map((d) => d.age).join(' ')})`);
    }
    const sorted = decoded.map((d) => d.age).sort((a, b) => a - b);
    t.diagnostic(`age at capture: median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms`);
    const steps = decoded.slice(1).map((d, i) => d.value - decoded[i]!.value);
    for (const step of steps) {
      assert.ok(Math.abs(step - 1000 / FPS) < 25, `frame step ${step} ms (all: ${steps.join(' ')})`);
    }
  });
}

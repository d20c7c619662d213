import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAYER_OF_STREAM, PUBLISH_CONSTRAINTS, PUBLISH_ENCODINGS, PUBLISH_FPS } from './simulcast.ts';

test('two layers, low (sub) first at half resolution ~150 kbps, high (main) full ~600 kbps', () => {
  assert.equal(PUBLISH_ENCODINGS.length, 2);
  const sub = PUBLISH_ENCODINGS[LAYER_OF_STREAM.sub]!;
  const main = PUBLISH_ENCODINGS[LAYER_OF_STREAM.main]!;
  assert.equal(sub.scaleResolutionDownBy, 2);
  assert.equal(sub.maxBitrate, 150_000);
  assert.equal(main.scaleResolutionDownBy, 1);
  assert.equal(main.maxBitrate, 600_000);
  for (const e of PUBLISH_ENCODINGS) assert.equal(e.maxFramerate, PUBLISH_FPS);
});

test('capture is 640x360 at 15 fps', () => {
  assert.equal(PUBLISH_CONSTRAINTS.width.ideal, 640);
  assert.equal(PUBLISH_CONSTRAINTS.height.ideal, 360);
  assert.equal(PUBLISH_CONSTRAINTS.frameRate.max, 15);
});

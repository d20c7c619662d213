import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTimecode, encodeTimecode, timecodeAgeMs, timecodeCells, timecodeStrip } from './timecode.ts';

function render(width: number, height: number, epochMs: number): Uint8Array {
  const img = new Uint8Array(width * height).fill(200);
  const s = timecodeStrip(width, height);
  for (let y = s.y; y < s.y + s.h; y++) img.fill(0, y * width + s.x, y * width + s.x + s.w);
  const bits = encodeTimecode(epochMs);
  for (const c of timecodeCells(width, height)) {
    if (!bits[c.bit]) continue;
    for (let y = c.y; y < c.y + c.size; y++) img.fill(255, y * width + c.x, y * width + c.x + c.size);
  }
  return img;
}

test('a rendered timecode reads back on the main stream and the substream sizes', () => {
  const t = Date.UTC(2026, 10, 23, 8, 30, 15, 123);
  for (const [w, h] of [
    [640, 360],
    [320, 180],
    [1280, 720],
  ] as const) {
    const img = render(w, h, t);
    const v = decodeTimecode(w, h, (x, y) => img[y * w + x]!);
    assert.equal(v, t % 2 ** 32, `${w}x${h}`);
    assert.equal(timecodeAgeMs(v!, t + 85), 85);
  }
});

test('a picture without the black strip has no timecode', () => {
  const img = new Uint8Array(640 * 360).fill(230);
  assert.equal(
    decodeTimecode(640, 360, (x, y) => img[y * 640 + x]!),
    null,
  );
});

test('age handles the 2^32 wrap', () => {
  assert.equal(timecodeAgeMs(2 ** 32 - 10, 2 ** 32 + 40), 50);
});

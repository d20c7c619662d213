import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { SfuError } from '../errors.ts';
import { TapPortAllocator } from './portAllocator.ts';

// A range below the ephemeral ports and away from the RTC (40000+) and fixture (21000+) ranges.
const BASE = 23900;

test('pairs are even/odd, distinct while held, and handed out round-robin after release', async () => {
  const ports = new TapPortAllocator('127.0.0.1', BASE, BASE + 7);
  assert.equal(ports.capacity, 4);
  const a = await ports.take();
  const b = await ports.take();
  assert.equal(a % 2, 0);
  assert.notEqual(a, b);
  ports.release(a);
  const c = await ports.take();
  assert.notEqual(c, a, 'a released pair is not reused at once');
  assert.equal(ports.inUse, 2);
});

test('a pair whose port is bound by someone else is skipped; an exhausted range is "unavailable"', async () => {
  const ports = new TapPortAllocator('127.0.0.1', BASE + 10, BASE + 13);
  const squatter = createSocket('udp4');
  await new Promise<void>((r) => squatter.bind(BASE + 11, '127.0.0.1', () => r()));
  try {
    assert.equal(await ports.take(), BASE + 12);
    await assert.rejects(ports.take(), (e: unknown) => e instanceof SfuError && e.code === 'unavailable');
  } finally {
    squatter.close();
  }
});

test('a range without a full pair or outside 1024-65535 is refused', () => {
  assert.throws(() => new TapPortAllocator('127.0.0.1', 22001, 22002), TypeError);
  assert.throws(() => new TapPortAllocator('127.0.0.1', 80, 100), TypeError);
  assert.throws(() => new TapPortAllocator('127.0.0.1', 65534, 65536), TypeError);
});

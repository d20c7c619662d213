import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBuckets } from './tokenBucket.ts';

test('a sender may burst, then gets its rate, and is told when to retry', () => {
  let now = 0;
  const b = new TokenBuckets(500, 1000, () => now);
  assert.deepEqual(b.take('his-1', 500), { ok: true });
  assert.deepEqual(b.take('his-1', 500), { ok: true });
  assert.deepEqual(b.take('his-1', 500), { ok: false, retryAfterS: 1 });
  assert.deepEqual(b.take('his-2', 500), { ok: true }, 'another sender has its own bucket');
  now += 1000;
  assert.deepEqual(b.take('his-1', 500), { ok: true }, 'a second later, the rate refilled 500');
  assert.deepEqual(b.take('his-1', 1), { ok: false, retryAfterS: 1 });
});

test('500 swipes per second sustained pass with the default settings', () => {
  let now = 0;
  const b = new TokenBuckets(1000, 5000, () => now);
  for (let s = 0; s < 120; s++) {
    for (let i = 0; i < 10; i++) {
      assert.equal(b.take('his-1', 50).ok, true, `second ${s}, request ${i}`);
      now += 100;
    }
  }
});

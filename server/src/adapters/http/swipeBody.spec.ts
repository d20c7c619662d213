import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DomainError } from '../../domain/errors.ts';
import { swipeIn } from '../../domain/swipes/testFixtures.ts';
import { claimedSwipes, parseJsonBody, parseSwipeBody } from './swipeBody.ts';

const NOW = Date.parse('2026-11-23T02:00:00Z');
const refused = (body: unknown) => {
  try {
    parseSwipeBody(body, NOW);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('accepted');
};

test('one swipe or a batch is accepted; card numbers may carry spaces or dashes', () => {
  assert.equal(parseSwipeBody(swipeIn(), NOW).length, 1);
  const [s] = parseSwipeBody({ swipes: [swipeIn({ cardNumber: '6222 0212-3456 7890 123' })] }, NOW);
  assert.equal(s!.cardNumber, '6222021234567890123');
});

test('every problem of every swipe is named by its path, without echoing values', () => {
  const bad = {
    swipes: [
      swipeIn(),
      swipeIn({ cardNumber: '12ab' }),
      { ...swipeIn(), items: [{ code: '', name: 'x', quantity: 0, unitPrice: 1.234 }] },
    ],
  };
  const e = refused(bad);
  assert.equal(e.code, 'invalid_argument');
  assert.equal(e.message, '2 invalid swipes: nothing was stored');
  assert.deepEqual(e.fields, {
    'swipes.1.cardNumber': 'a card number of 8 to 19 digits',
    'swipes.2.items.0.code': 'item code is required',
    'swipes.2.items.0.quantity': 'must be more than 0',
    'swipes.2.items.0.unitPrice': 'at most two decimal places',
  });
  assert.ok(!JSON.stringify(e.fields).includes('12ab'));
});

test('a single swipe has top-level paths; missing fields are named', () => {
  const { swipeId: _drop, ...noId } = swipeIn();
  const e = refused({ ...noId, currency: 'rmb' });
  assert.equal(e.message, 'invalid swipe');
  assert.deepEqual(Object.keys(e.fields!).sort(), ['currency', 'swipeId']);
});

test('a swipe dated more than five minutes ahead is refused', () => {
  const e = refused({ swipes: [swipeIn({ occurredAt: '2026-11-23T10:10:00+08:00' })] });
  assert.deepEqual(e.fields, { 'swipes.0.occurredAt': 'must not be in the future' });
  assert.equal(parseSwipeBody(swipeIn({ occurredAt: '2026-11-23T10:04:00+08:00' }), NOW).length, 1);
});

test('batch limits and JSON errors', () => {
  assert.deepEqual(refused({ swipes: [] }).fields, { swipes: 'at least one swipe' });
  assert.deepEqual(refused({ swipes: Array.from({ length: 501 }, () => swipeIn()) }).fields, {
    swipes: 'at most 500 swipes per request',
  });
  assert.throws(() => parseJsonBody(Buffer.from('{"swipes": [')), /not valid JSON/);
  assert.equal(claimedSwipes({ swipes: new Array(42) }), 42);
  assert.equal(claimedSwipes({ swipes: new Array(9000) }), 500);
  assert.equal(claimedSwipes(swipeIn()), 1);
});

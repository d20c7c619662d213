import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessChange } from '../../domain/accounts/userChanges.ts';
import { MemoryAccessChangeBus } from './accessChanges.ts';

const change: AccessChange = { type: 'user', userId: 'u-1', kinds: ['scope'] };

test('every listener hears a change before publish resolves; unsubscribed ones no more', async () => {
  const bus = new MemoryAccessChangeBus();
  const heard: string[] = [];
  const offA = bus.subscribe((c) => heard.push(`a:${c.type}`));
  bus.subscribe((c) => heard.push(`b:${c.type}`));
  const published = bus.publish(change);
  assert.deepEqual(heard, ['a:user', 'b:user'], 'synchronously, in publish()');
  await published;
  offA();
  await bus.publish({ type: 'resync' });
  assert.deepEqual(heard, ['a:user', 'b:user', 'b:resync']);
});

test('a listener that throws stops neither the others nor the publisher', async (t) => {
  t.mock.method(console, 'error', () => undefined);
  const bus = new MemoryAccessChangeBus();
  const heard: AccessChange[] = [];
  bus.subscribe(() => {
    throw new Error('boom');
  });
  bus.subscribe((c) => heard.push(c));
  await bus.publish(change);
  assert.deepEqual(heard, [change]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModeRequest, resolveMode } from './modes.ts';

test('variants default: blank → black, covered → hand or cloth by camera', () => {
  assert.deepEqual(resolveMode({ mode: 'blank' }, 0), { mode: 'blank', variant: 'black' });
  assert.deepEqual(resolveMode({ mode: 'covered' }, 0), { mode: 'covered', variant: 'hand' });
  assert.deepEqual(resolveMode({ mode: 'covered' }, 1), { mode: 'covered', variant: 'cloth' });
  assert.deepEqual(resolveMode({ mode: 'covered', variant: 'hand' }, 1), { mode: 'covered', variant: 'hand' });
  assert.deepEqual(resolveMode({ mode: 'reaimed' }, 4), { mode: 'reaimed' });
});

test('parseModeRequest accepts what the CLI passes and explains what it rejects', () => {
  assert.deepEqual(parseModeRequest('blank', 'nosignal'), { mode: 'blank', variant: 'nosignal' });
  assert.deepEqual(parseModeRequest('cut'), { mode: 'cut' });
  assert.throws(() => parseModeRequest('asleep'), /mode must be one of/);
  assert.throws(() => parseModeRequest('normal', 'black'), /variant applies only to blank and covered/);
});

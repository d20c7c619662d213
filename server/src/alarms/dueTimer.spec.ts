import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DueTimer } from './dueTimer.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('fires at the due time, re-arms for the next one, and is quiet when nothing is due', async () => {
  const start = Date.now();
  const dues = [start + 30, start + 60];
  const fired: number[] = [];
  const timer = new DueTimer({
    nextDueAt: () => dues[0] ?? null,
    fire: async () => {
      fired.push(Date.now() - start);
      dues.shift();
    },
  });
  timer.reschedule();
  await sleep(300);
  timer.close();
  assert.equal(fired.length, 2);
  assert.ok(fired[0]! >= 29 && fired[1]! >= 59, `fired at ${fired.join(', ')} ms`);
});

test('a due time in the past fires at once, but a due time that does not move cannot spin', async () => {
  let fires = 0;
  const timer = new DueTimer({ nextDueAt: () => 0, fire: async () => void fires++, minGapMs: 20 });
  timer.reschedule();
  await sleep(110);
  timer.close();
  assert.ok(fires >= 1 && fires <= 7, `${fires} fires in 110 ms with a 20 ms gap`);
});

test('a failing fire is retried after the error delay; close() stops everything', async () => {
  let fires = 0;
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const timer = new DueTimer({
      nextDueAt: () => 0,
      fire: async () => {
        fires++;
        throw new Error('redis down');
      },
      retryAfterErrorMs: 50,
    });
    timer.reschedule();
    await sleep(80);
    assert.equal(fires, 2);
    timer.close();
    await sleep(80);
    assert.equal(fires, 2);
    assert.equal(timer.armedFor, null);
  } finally {
    console.warn = warn;
  }
});

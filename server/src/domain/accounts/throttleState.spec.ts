import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ThrottleState } from './ports.ts';
import { BUSY_RETRY_MS, USERNAME_RULE, admit, settle, type Outcome } from './throttleState.ts';

const MIN = 60_000;
const rule = USERNAME_RULE; // 5 failures in 15 min; locks of 1, 2, 4 … 60 min

/** Runs attempts `[minute, outcome]` in order; returns what each attempt met ('ok' admitted, or the wait in ms). */
function run(steps: [number, Outcome][], start: ThrottleState | null = null) {
  let s = start;
  const met: (string | number)[] = [];
  for (const [minute, outcome] of steps) {
    const now = minute * MIN;
    const a = admit(s, now, rule);
    s = a.state;
    if (!a.admitted) {
      met.push(a.retryAfterMs);
      continue;
    }
    met.push('ok');
    s = settle(s, now, rule, outcome, true);
  }
  return { met, state: s! };
}

const fails = (n: number, minute = 0): [number, Outcome][] => Array.from({ length: n }, () => [minute, 'failure']);

test('brute force: the 5th failure locks for a minute; the right password is refused meanwhile', () => {
  const { met, state } = run([...fails(5), [0.5, 'success']]);
  assert.deepEqual(met, ['ok', 'ok', 'ok', 'ok', 'ok', 30_000]);
  assert.equal(state.lockedUntil, 1 * MIN);
});

test('the lock expires; the next lock-out doubles, up to an hour', () => {
  const table: [string, [number, Outcome][], number][] = [
    ['first lock-out', fails(5, 0), 1 * MIN],
    ['second (5 more right after the first lock)', [...fails(5, 0), ...fails(5, 2)], 2 * MIN + 2 * MIN],
    ['third', [...fails(5, 0), ...fails(5, 2), ...fails(5, 5)], 5 * MIN + 4 * MIN],
  ];
  for (const [name, steps, lockedUntil] of table) {
    const { met, state } = run(steps);
    assert.ok(
      met.every((m) => m === 'ok'),
      `${name}: every attempt after a lock ended was admitted`,
    );
    assert.equal(state.lockedUntil, lockedUntil, name);
  }
  let s: ThrottleState | null = null;
  let minute = 0;
  const locks: number[] = [];
  for (let i = 0; i < 9; i++) {
    s = run(fails(5, minute), s).state;
    locks.push((s.lockedUntil - minute * MIN) / MIN);
    minute = s.lockedUntil / MIN; // try again the moment the lock ends
  }
  assert.deepEqual(locks, [1, 2, 4, 8, 16, 32, 60, 60, 60], 'doubling, capped at an hour');
});

test('success resets the count; failures older than the window are forgotten', () => {
  assert.equal(run([...fails(4), [1, 'success'], ...fails(4, 2)]).state.lockedUntil, 0, 'success resets');
  assert.equal(run([...fails(4, 0), ...fails(4, 16)]).state.lockedUntil, 0, 'window passed');
  assert.equal(run([...fails(4, 0), ...fails(1, 14)]).state.lockedUntil, 15 * MIN, 'within the window');
});

test('after a quiet window the lock-outs are forgotten: the next lock is a minute again', () => {
  const afterTwo = run([...fails(5, 0), ...fails(5, 2)]).state; // locked until minute 4, lockouts = 2
  assert.equal(run(fails(5, 10), afterTwo).state.lockedUntil, 10 * MIN + 4 * MIN, 'not quiet long enough: doubles');
  assert.equal(run(fails(5, 20), afterTwo).state.lockedUntil, 20 * MIN + 1 * MIN, 'quiet for 16 min: back to 1');
});

test('attempts in flight count: a parallel burst gets no more tries than the limit', () => {
  let s: ThrottleState | null = null;
  const verdicts: (string | number)[] = [];
  for (let i = 0; i < 8; i++) {
    const a = admit(s, 0, rule); // eight requests arrive before any is checked
    s = a.state;
    verdicts.push(a.admitted ? 'ok' : a.retryAfterMs);
  }
  assert.deepEqual(verdicts, ['ok', 'ok', 'ok', 'ok', 'ok', BUSY_RETRY_MS, BUSY_RETRY_MS, BUSY_RETRY_MS]);
  for (let i = 0; i < 5; i++) s = settle(s, 100, rule, 'failure', true);
  assert.equal(s!.pending, 0);
  assert.equal(s!.lockedUntil, 100 + MIN);
});

test('an address key is not cleared by a success, a cancelled attempt counts nothing', () => {
  let s: ThrottleState | null = { ...admit(null, 0, rule).state };
  s = settle(s, 0, rule, 'failure', false);
  s = settle(admit(s, 0, rule).state, 0, rule, 'success', false);
  assert.equal(s.failures, 1, 'success from the address keeps its failure');
  s = settle(admit(s, 0, rule).state, 0, rule, 'cancel', false);
  assert.deepEqual([s.failures, s.pending], [1, 0]);
});

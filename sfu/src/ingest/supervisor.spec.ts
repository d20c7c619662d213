import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { backoffDelay, Supervisor, type Running } from './supervisor.ts';

const opts = { minBackoffMs: 50, maxBackoffMs: 400, healthyAfterMs: 10_000 };

function runShell(script: string): Promise<Running> {
  const child = spawn('sh', ['-c', script], { stdio: 'ignore' });
  return Promise.resolve({
    pid: child.pid ?? null,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(`exited with ${code}`))),
    stop: () => child.kill('SIGTERM'),
  });
}

test('back-off doubles per consecutive failure and is capped', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, opts)),
    [50, 100, 200, 400, 400, 400],
  );
});

test('a child that keeps dying is restarted with growing delays and its error is visible', async () => {
  const starts: number[] = [];
  const sup = new Supervisor(() => {
    starts.push(Date.now());
    return runShell('echo boom >&2; exit 3');
  }, opts);
  sup.start();
  await new Promise((r) => setTimeout(r, 700));
  sup.stop();
  assert.ok(starts.length >= 3 && starts.length <= 5, `started ${starts.length} times`);
  const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
  assert.ok(gaps[1]! > gaps[0]!, `gaps grow: ${gaps.join(', ')}`);
  assert.equal(sup.snapshot.state, 'stopped');
  assert.match(sup.snapshot.lastError ?? '', /exited with 3/);
  assert.ok(sup.snapshot.restarts >= 2);
});

test('a killed child is restarted; stop() ends it for good', async () => {
  const sup = new Supervisor(() => runShell('sleep 30'), opts);
  sup.start();
  await new Promise((r) => setTimeout(r, 100));
  const first = sup.snapshot.pid;
  assert.ok(first);
  process.kill(first, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  const second = sup.snapshot.pid;
  assert.ok(second && second !== first, 'a new process runs');
  assert.equal(sup.snapshot.restarts, 1);
  sup.stop();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(sup.snapshot.state, 'stopped');
  assert.throws(() => process.kill(second, 0), 'the child is gone after stop');
});

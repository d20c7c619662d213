import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { waitFor } from '../test/helpers.ts';

test('a tied child dies when its parent is killed with SIGKILL', async () => {
  // A parent node process spawns a tied `sleep`, prints its pid, then is killed -9.
  const script = `
    import { spawnTied } from ${JSON.stringify(new URL('./tiedSpawn.ts', import.meta.url).href)};
    const c = spawnTied('sleep', ['30'], { stdio: 'ignore' });
    c.on('spawn', () => console.log(c.pid));
    setInterval(() => {}, 1000);
  `;
  const { spawn } = await import('node:child_process');
  const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = await new Promise<number>((resolve) =>
    parent.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
  );
  const alive = (p: number) => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  assert.ok(alive(pid), 'the child runs while its parent lives');
  // setpriv sets the death signal, then becomes `sleep`: kill the parent only after that (on a
  // loaded machine setpriv may not have run yet when its pid is printed).
  const comm = () => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  await waitFor('the tied child to run its command (sleep)', () => comm() === 'sleep', 5000);
  parent.kill('SIGKILL');
  const deadline = Date.now() + 3000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // A zombie still answers kill(0) until reaped by init; check its state too.
  const state = (() => {
    try {
      return execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();
  assert.ok(state === '' || state.startsWith('Z'), `the child is gone after its parent's SIGKILL (ps stat: ${state})`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workerBin } from '../helpers.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function check(bin: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [`${root}infra/mediasoup/check-worker.mjs`], {
    env: { ...process.env, MEDIASOUP_WORKER_BIN: bin },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('the air-gapped worker build is cached: a second setup returns the same binary at once', () => {
  const t0 = Date.now();
  const path = execFileSync('bash', [`${root}infra/mediasoup/build-worker.sh`], { encoding: 'utf8' }).trim();
  assert.equal(path, workerBin());
  assert.ok(Date.now() - t0 < 10_000, 'cache hit is fast');
  const r = spawnSync(path, [], { timeout: 5000 });
  assert.equal(r.status, 41, 'a worker started without a channel exits 41');
});

test('the built worker relays RTP, SRTP (every suite) and completes a DTLS handshake', () => {
  const r = check(workerBin());
  assert.equal(r.status, 0, r.out);
  assert.doesNotMatch(r.out, /FAIL/);
});

test(
  'under AddressSanitizer the worker passes the same checks (CLINICWALL_ASAN=1)',
  { skip: process.env.CLINICWALL_ASAN !== '1' && 'set CLINICWALL_ASAN=1 (a first ASan build takes ~15 min)' },
  () => {
    const asan = execFileSync('bash', [`${root}infra/mediasoup/build-worker.sh`, '--asan'], {
      encoding: 'utf8',
      timeout: 1_800_000,
    }).trim();
    const r = check(asan);
    assert.equal(r.status, 0, r.out);
  },
);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cameraState } from './cameraFeed.ts';

const opts = { noSignalAfterMs: 2000, startupGraceMs: 5000 };

test('camera liveness follows when media last arrived', () => {
  const cases: [string, number, number | null, number, Parameters<typeof cameraState>[3], string][] = [
    ['fresh camera, nothing yet', 1000, null, 0, 'starting', 'connecting'],
    ['media 500 ms ago', 10_000, 9_500, 0, 'running', 'live'],
    ['media 1999 ms ago', 10_000, 8_001, 0, 'running', 'live'],
    ['media exactly 2 s ago', 10_000, 8_000, 0, 'running', 'no_signal'],
    ['never any media after the grace period', 6_000, null, 0, 'running', 'no_signal'],
    ['ingest failing during grace is no signal at once', 1_000, null, 0, 'backoff', 'no_signal'],
    ['webrtc camera without ingest, fresh', 1_000, null, 0, null, 'connecting'],
  ];
  for (const [name, now, last, created, ingest, want] of cases) {
    assert.equal(cameraState(now, last, created, ingest, opts), want, name);
  }
});

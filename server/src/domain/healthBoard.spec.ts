import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TileHealth, VerdictRecord } from '@clinicwall/contract';
import { HealthBoard } from './healthBoard.ts';

const rec = (reporter: string, verdict: TileHealth, onsetAt: number, cameraId = 'cam-001'): VerdictRecord => ({
  cameraId,
  verdict,
  confidence: 0.9,
  onsetAt,
  modelVersion: 'tile-health-v1',
  backend: 'wasm',
  reporter,
  receivedAt: onsetAt + 3000,
});

test('several walls reporting one camera give one merged verdict', () => {
  const b = new HealthBoard();
  b.report(rec('wall-a', 'blank', 1000));
  const merged = b.report(rec('wall-b', 'blank', 1200));
  assert.deepEqual(merged, { cameraId: 'cam-001', verdict: 'blank', since: 1000, reporters: 2 });
  assert.equal(b.cameras().length, 1);
});

test('unhealthy wins over ok; the majority unhealthy verdict wins, ties go to the more severe', () => {
  const cases: [TileHealth[], TileHealth][] = [
    [['ok', 'ok'], 'ok'],
    [['ok', 'occluded'], 'occluded'],
    [['occluded', 'occluded', 'redirected'], 'occluded'],
    [['redirected', 'blank'], 'blank'],
    [['frozen', 'occluded', 'ok', 'ok'], 'frozen'],
  ];
  for (const [verdicts, want] of cases) {
    const b = new HealthBoard();
    verdicts.forEach((v, i) => b.report(rec(`w${i}`, v, 1000 + i)));
    assert.equal(b.camera('cam-001')!.verdict, want, verdicts.join(','));
  }
});

test('a wall that disconnects stops counting, and the change is reported', () => {
  const b = new HealthBoard();
  b.report(rec('wall-a', 'ok', 1000));
  b.report(rec('wall-b', 'occluded', 2000));
  b.report(rec('wall-b', 'blank', 3000, 'cam-002'));
  const changed = b.forgetReporter('wall-b');
  assert.deepEqual(
    changed.map((c) => [c.cameraId, c.verdict]),
    [['cam-001', 'ok']],
  );
  assert.equal(b.camera('cam-002'), null, 'no reporter left: no verdict');
});

test('the recent log keeps the newest reports first, bounded', () => {
  const b = new HealthBoard(3);
  for (let i = 0; i < 5; i++) b.report(rec('w', i % 2 ? 'ok' : 'blank', 1000 + i));
  assert.deepEqual(
    b.recent().map((r) => r.onsetAt),
    [1004, 1003, 1002],
  );
});

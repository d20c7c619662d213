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
    changed.map((c) => [c.cameraId, c.before.verdict, c.after?.verdict ?? null]),
    [
      ['cam-001', 'occluded', 'ok'],
      ['cam-002', 'blank', null],
    ],
  );
  assert.equal(b.camera('cam-002'), null, 'no reporter left: no verdict');
  assert.deepEqual(b.forgetReporter('wall-b'), [], 'nothing left to forget');
});

test('a wall withdrawing a camera: the merged verdict follows the walls still showing it', () => {
  const b = new HealthBoard();
  b.report(rec('wall-a', 'occluded', 1000));
  b.report(rec('wall-b', 'ok', 1500));
  b.report(rec('wall-a', 'blank', 2000, 'cam-002'));
  const changed = b.withdraw('wall-a', ['cam-001']);
  assert.deepEqual(changed, [
    {
      cameraId: 'cam-001',
      before: { cameraId: 'cam-001', verdict: 'occluded', since: 1000, reporters: 2 },
      after: { cameraId: 'cam-001', verdict: 'ok', since: 1500, reporters: 1 },
    },
  ]);
  assert.equal(b.camera('cam-002')!.verdict, 'blank', 'its other cameras still count');
});

test('the sole reporter withdrawing leaves the camera without a wall verdict', () => {
  const b = new HealthBoard();
  b.report(rec('wall-a', 'frozen', 1000));
  const changed = b.withdraw('wall-a', ['cam-001', 'cam-001']);
  assert.deepEqual(changed, [
    { cameraId: 'cam-001', before: { cameraId: 'cam-001', verdict: 'frozen', since: 1000, reporters: 1 }, after: null },
  ]);
  assert.equal(b.camera('cam-001'), null);
  assert.deepEqual(b.cameras(), []);
  assert.equal(b.recent()[0]!.verdict, 'frozen', 'the log keeps what was reported');
});

test('withdrawing a camera the reporter never judged changes nothing', () => {
  const b = new HealthBoard();
  b.report(rec('wall-a', 'blank', 1000));
  assert.deepEqual(b.withdraw('wall-b', ['cam-001', 'cam-404']), []);
  assert.deepEqual(b.withdraw('wall-a', []), []);
  assert.deepEqual(b.camera('cam-001'), { cameraId: 'cam-001', verdict: 'blank', since: 1000, reporters: 1 });
});

test('stale wall verdicts withdrawn, the sentinel’s view is the camera’s again', () => {
  const b = new HealthBoard();
  b.report(rec('wall-a', 'occluded', 1000));
  b.report(rec('wall-b', 'occluded', 1100));
  b.report(rec('sentinel', 'blank', 5000));
  assert.equal(b.camera('cam-001')!.verdict, 'occluded', 'two walls outvote the sentinel');
  b.withdraw('wall-a', ['cam-001']);
  b.withdraw('wall-b', ['cam-001']);
  assert.deepEqual(b.camera('cam-001'), { cameraId: 'cam-001', verdict: 'blank', since: 5000, reporters: 1 });
});

test('the recent log keeps the newest reports first, bounded', () => {
  const b = new HealthBoard(3);
  for (let i = 0; i < 5; i++) b.report(rec('w', i % 2 ? 'ok' : 'blank', 1000 + i));
  assert.deepEqual(
    b.recent().map((r) => r.onsetAt),
    [1004, 1003, 1002],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MaintenanceReportDto } from '@clinicwall/contract';
import { coverageOf, coveredUntil, mergeSpans, overlapsAny, unreportedMs, unreportedReachesAt } from './coverage.ts';

const report = (startsAt: number, endsAt: number, createdAt: number): MaintenanceReportDto => ({
  id: 'r1',
  clinicId: 'c',
  cameraIds: ['cam'],
  startsAt,
  endsAt,
  reason: 'x',
  createdAt,
  createdBy: 'u',
  late: createdAt > startsAt,
});

test('a report filed in advance covers its window; a late one only from when it was filed', () => {
  assert.deepEqual(coverageOf(report(100, 200, 50)), { reportId: 'r1', from: 100, to: 200, late: false });
  assert.deepEqual(coverageOf(report(100, 200, 130)), { reportId: 'r1', from: 130, to: 200, late: true });
});

test('spans merge into a sorted disjoint union', () => {
  assert.deepEqual(
    mergeSpans([
      { from: 50, to: 60 },
      { from: 10, to: 20 },
      { from: 15, to: 30 },
      { from: 30, to: 40 },
      { from: 70, to: 70 },
    ]),
    [
      { from: 10, to: 40 },
      { from: 50, to: 60 },
    ],
  );
});

test('unreported time and when it reaches a threshold', () => {
  const spans = [
    { from: 20, to: 30 },
    { from: 25, to: 40 },
    { from: 60, to: 70 },
  ];
  const cases: [number, number, number][] = [
    // start, end, unreported in [start, end)
    [0, 10, 10],
    [0, 20, 20],
    [0, 40, 20],
    [0, 100, 70],
    [22, 38, 0],
    [35, 65, 20],
  ];
  for (const [start, end, want] of cases) assert.equal(unreportedMs(spans, start, end), want, `${start}-${end}`);
  const reaches: [number, number, number][] = [
    // start, threshold, when
    [0, 10, 10],
    [0, 20, 20],
    [0, 21, 41],
    [0, 40, 60],
    [25, 5, 45],
    [0, 0, 0],
  ];
  for (const [start, threshold, want] of reaches)
    assert.equal(unreportedReachesAt(spans, start, threshold), want, `${start}+${threshold}`);
});

test('overlap and the end of the covered stretch around an instant', () => {
  const spans = [
    { from: 20, to: 30 },
    { from: 30, to: 40 },
  ];
  assert.equal(overlapsAny(spans, 0, 20), false, 'touching the start is not overlapping');
  assert.equal(overlapsAny(spans, 0, 21), true);
  assert.equal(overlapsAny(spans, 40, 50), false);
  assert.equal(coveredUntil(spans, 25), 40, 'adjacent windows join');
  assert.equal(coveredUntil(spans, 40), null);
  assert.equal(coveredUntil(spans, 19), null);
});

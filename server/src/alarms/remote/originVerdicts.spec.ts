import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OriginVerdicts, type ForwardedVerdict } from './originVerdicts.ts';

const v = (cameraId: string, source: string): ForwardedVerdict => ({
  cameraId,
  source,
  verdict: 'occluded',
  onsetAt: 0,
});
const show = (vs: ForwardedVerdict[]) => vs.map((x) => `${x.source}@${x.cameraId}`);

test('a process silent for silentAfterMs: its verdicts stop counting once, count again when it is heard from, and it is forgotten after forgetAfterMs', () => {
  const o = new OriginVerdicts(6000, 60_000);
  const table: [string, () => ForwardedVerdict[], string[]][] = [
    ['b first heard', () => o.heard('b', 0), []],
    ['b reports two cameras', () => (o.report('b', v('cam-1', 'wall:x')), o.report('b', v('cam-2', 'wall:x')), []), []],
    ['a beats and reports', () => (o.heard('a', 5000), o.report('a', v('cam-3', 'wall:y')), []), []],
    ['b silent 5.9 s', () => o.expire(5900), []],
    ['b silent 6 s: its verdicts stop', () => o.expire(6000), ['wall:x@cam-1', 'wall:x@cam-2']],
    ['once', () => o.expire(7000), []],
    ['b heard again: its verdicts count again', () => o.heard('b', 8000), ['wall:x@cam-1', 'wall:x@cam-2']],
    ["b's wall withdraws cam-2", () => (o.withdraw('b', 'cam-2', 'wall:x'), []), []],
    ['b heard (not silent): nothing to restore', () => o.heard('b', 9000), []],
    ['a and b silent', () => o.expire(15_000), ['wall:x@cam-1', 'wall:y@cam-3']],
    ['b heard: only cam-1', () => o.heard('b', 16_000), ['wall:x@cam-1']],
    ["b's wall goes away; b silent: nothing left", () => (o.forget('b', 'wall:x'), o.expire(22_000)), []],
    ['a silent 60 s is forgotten: heard again, nothing comes back', () => (o.expire(65_000), o.heard('a', 66_000)), []],
  ];
  for (const [what, run, want] of table) assert.deepEqual(show(run()), want, what);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnhealthyRun, VerdictSmoother, type Verdict } from './smoothing.ts';

type Step = [number, Verdict, number?];
/** Runs a timeline, returns the changes as "t:prev>verdict@onset". */
function run(steps: Step[], opts = {}): string[] {
  const s = new VerdictSmoother(opts);
  const out: string[] = [];
  for (const [t, v, c] of steps) {
    const ch = s.update(t, v, c ?? 0.9);
    if (ch) out.push(`${ch.atMs}:${ch.previous}>${ch.verdict}@${ch.onsetMs}`);
  }
  return out;
}
const every = (from: number, to: number, v: Verdict, stepMs = 500): Step[] => {
  const r: Step[] = [];
  for (let t = from; t <= to; t += stepMs) r.push([t, v]);
  return r;
};

const cases: { name: string; steps: Step[]; want: string[]; opts?: object }[] = [
  { name: 'all ok', steps: every(0, 10000, 'ok'), want: [] },
  {
    name: 'short blip is ignored',
    steps: [...every(0, 2000, 'ok'), ...every(2500, 5000, 'blank'), ...every(5500, 9000, 'ok')],
    want: [],
  },
  {
    name: 'blank for 3 s raises with onset',
    steps: [...every(0, 2000, 'ok'), ...every(2500, 6000, 'blank')],
    want: ['5500:ok>blank@2500'],
  },
  {
    name: 'mixed unhealthy raises the majority class',
    steps: [
      [0, 'occluded'],
      [500, 'blank'],
      [1000, 'occluded'],
      [1500, 'redirected'],
      [2000, 'occluded'],
      [2500, 'occluded'],
      [3000, 'blank'],
    ],
    want: ['3000:ok>occluded@0'],
  },
  {
    name: 'one ok sample in the middle does not restart the run',
    steps: [...every(0, 2500, 'frozen'), [3000, 'ok'], ...every(3500, 6500, 'frozen')],
    want: ['3500:ok>frozen@0'],
    opts: { toleratedOk: 1 },
  },
  {
    name: 'a second ok sample restarts the run after the first',
    steps: [
      ...every(0, 1500, 'occluded'),
      [2000, 'ok'],
      [2500, 'occluded'],
      [3000, 'ok'],
      ...every(3500, 7000, 'occluded'),
    ],
    want: ['5500:ok>occluded@2500'],
    opts: { toleratedOk: 1 },
  },
  {
    name: 'two ok samples in a row end the run',
    steps: [...every(0, 2000, 'occluded'), [2500, 'ok'], [3000, 'ok'], ...every(3500, 7000, 'occluded')],
    want: ['6500:ok>occluded@3500'],
    opts: { toleratedOk: 1 },
  },
  {
    name: 'unhealthy every other sample never raises',
    steps: every(0, 20000, 'ok').map(([t]): Step => [t, t % 1000 ? 'redirected' : 'ok']),
    want: [],
    opts: { toleratedOk: 1 },
  },
  {
    name: 'by default, one ok restarts the run',
    steps: [...every(0, 2500, 'frozen'), [3000, 'ok'], ...every(3500, 6500, 'frozen')],
    want: ['6500:ok>frozen@3500'],
  },
  {
    name: 'clears after 3 s healthy',
    steps: [...every(0, 3000, 'blank'), ...every(3500, 5500, 'ok'), [6000, 'blank'], ...every(6500, 10000, 'ok')],
    want: ['3000:ok>blank@0', '9500:blank>ok@6500'],
  },
  {
    name: 'switches class when another persists',
    steps: [...every(0, 3000, 'occluded'), ...every(3500, 7000, 'blank')],
    want: ['3000:ok>occluded@0', '6500:occluded>blank@3500'],
  },
  {
    name: 'custom thresholds',
    steps: [...every(0, 1000, 'redirected'), ...every(1500, 2000, 'ok')],
    want: ['1000:ok>redirected@0', '2000:redirected>ok@1500'],
    opts: { raiseAfterMs: 1000, clearAfterMs: 500 },
  },
];

for (const c of cases) test(`smoother: ${c.name}`, () => assert.deepEqual(run(c.steps, c.opts), c.want));

test('an observation that says since when its condition held starts the run then, never before the previous observation', () => {
  // A frozen sample at 2000 repeats the sample at 1000: frozen since 1000; raised 3 s after that.
  const s = new VerdictSmoother();
  assert.equal(s.update(0, 'ok', 0.9), null);
  assert.equal(s.update(1000, 'ok', 0.9), null);
  assert.equal(s.update(2000, 'frozen', 1, 1000), null);
  assert.equal(s.update(3000, 'frozen', 1, 2000), null);
  assert.deepEqual(s.update(4000, 'frozen', 1, 3000), {
    verdict: 'frozen',
    previous: 'ok',
    onsetMs: 1000,
    atMs: 4000,
    confidence: 1,
  });
  // A claim reaching back past the previous observation is cut there; a claim in the future is now.
  const t = new VerdictSmoother({ raiseAfterMs: 1000 });
  t.update(5000, 'ok', 0.9);
  assert.equal(t.update(5500, 'frozen', 1, 0), null);
  assert.equal(t.update(5900, 'frozen', 1, 9999), null);
  assert.equal(t.update(6000, 'frozen', 1)?.onsetMs, 5000);
  // Without it, the run starts at the observation, as before.
  assert.deepEqual(run([...every(0, 1000, 'ok', 1000), ...every(2000, 5000, 'frozen', 1000)]), ['5000:ok>frozen@2000']);
});

test('confidence is the mean of the raised class', () => {
  const s = new VerdictSmoother({ raiseAfterMs: 1000 });
  s.update(0, 'blank', 0.6);
  s.update(500, 'occluded', 0.99);
  const ch = s.update(1000, 'blank', 0.8);
  assert.equal(ch?.verdict, 'blank');
  assert.ok(Math.abs(ch.confidence - 0.7) < 1e-9);
  assert.throws(() => s.update(10, 'ok', 1));
});

test('an unhealthy run reports its start across a tolerated ok, and starts again after it past the tolerance', () => {
  const r = new UnhealthyRun(1);
  const at = (t: number, v: Verdict) => r.add({ startMs: t, verdict: v, confidence: 0.9 });
  assert.equal(at(0, 'ok'), null);
  assert.equal(at(500, 'occluded'), 500);
  assert.equal(at(1000, 'ok'), 500);
  assert.equal(at(1500, 'redirected'), 500);
  assert.equal(at(2000, 'ok'), 1500);
  assert.deepEqual(
    r.observations.map((o) => o.verdict),
    ['redirected', 'ok'],
  );
  assert.equal(at(2500, 'ok'), null);
});

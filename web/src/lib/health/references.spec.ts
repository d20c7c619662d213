import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRAME_FLOATS, TileHealthPipeline, type Classifier, type RawFrame, type Verdict } from '@clinicwall/models';
import { activeReference, ReferenceBook, toBytes, toFloats, type ReferenceEntry } from './references.ts';

const view = (v: number) => new Float32Array(FRAME_FLOATS).fill(v);
const pixel = (e: ReferenceEntry | null) => {
  const a = e ? activeReference(e) : null;
  return a ? { source: a.source, value: a.image.pixels[0], takenAt: a.image.takenAt } : null;
};

/** Feeds one camera a sample and an observation every 500 ms from t0; returns the updates. */
function feed(
  book: ReferenceBook,
  id: string,
  t0: number,
  seconds: number,
  value: number,
  verdict: Verdict = 'ok',
  state: Verdict = verdict,
) {
  const updates = [];
  for (let t = t0; t < t0 + seconds * 1000; t += 500) {
    const u1 = book.onSample(id, t, view(value));
    if (u1) updates.push({ t, ...u1 });
    const u2 = book.onObservation(id, t, verdict, state, view(value));
    if (u2) updates.push({ t, ...u2 });
  }
  return updates;
}

test('provisional reference ~1 s after first sight, confirmed by the first healthy minute', () => {
  const book = new ReferenceBook();
  assert.equal(book.onSample('c', 0, view(0.1)), null);
  assert.equal(book.onSample('c', 500, view(0.1)), null);
  const p = book.onSample('c', 1000, view(0.2));
  assert.ok(p?.use);
  assert.deepEqual(pixel(p.entry), { source: 'provisional', value: 51, takenAt: 1000 });
  // 59.5 s of healthy observations: still provisional.
  assert.deepEqual(feed(book, 'c', 1500, 59.5, 0.3), []);
  // The 60th second of the run confirms it with the current view.
  const [u] = feed(book, 'c', 61_000, 2, 0.4);
  assert.ok(u?.use);
  assert.equal(u.t, 61_500);
  assert.deepEqual(pixel(u.entry), { source: 'auto', value: 102, takenAt: 61_500 });
  // Never relearned afterwards.
  assert.deepEqual(feed(book, 'c', 62_000, 120, 0.9), []);
});

test('an unhealthy moment or a gap restarts the healthy minute; only an ok sample is taken', () => {
  const book = new ReferenceBook();
  book.onSample('c', 0, view(0.1));
  book.onSample('c', 1000, view(0.1));
  assert.deepEqual(feed(book, 'c', 1500, 40, 0.3), []);
  // Smoothed state occluded for 5 s resets the run.
  assert.deepEqual(feed(book, 'c', 41_500, 5, 0.3, 'occluded'), []);
  assert.deepEqual(feed(book, 'c', 46_500, 59, 0.3), []);
  // A raw non-ok sample while the smoothed state is ok does not count as the reference frame.
  assert.equal(book.onObservation('c', 106_500, 'occluded', 'ok', view(0.3)), null);
  assert.ok(book.onObservation('c', 107_000, 'ok', 'ok', view(0.3)));

  const gap = new ReferenceBook();
  gap.onSample('g', 0, view(0.1));
  gap.onSample('g', 1000, view(0.1));
  assert.deepEqual(feed(gap, 'g', 1500, 40, 0.3), []);
  // Off the page for 10 s: the run starts again when it is back.
  assert.deepEqual(feed(gap, 'g', 51_500, 59, 0.3), []);
  assert.equal(feed(gap, 'g', 110_500, 2, 0.3).length, 1);
});

test('a camera that leaves the page keeps its reference and does not take a new one', () => {
  const book = new ReferenceBook();
  book.onSample('c', 0, view(0.1));
  book.onSample('c', 1000, view(0.2));
  book.forget('c');
  // Back later, covered: no new provisional reference from the covered view.
  assert.deepEqual(feed(book, 'c', 100_000, 10, 0.0, 'occluded'), []);
  assert.deepEqual(pixel(book.entry('c')), { source: 'provisional', value: 51, takenAt: 1000 });
  assert.equal(book.use('c')![0], Math.fround(51 / 255));
});

test('operator capture wins; automatic restores the learned view or starts over', () => {
  const book = new ReferenceBook({ healthyMs: 5000 });
  book.onSample('c', 0, view(0.1));
  book.onSample('c', 1000, view(0.2));
  assert.equal(feed(book, 'c', 1500, 6, 0.2).length, 1);
  const cap = book.capture('c', 10_000, view(0.6));
  assert.deepEqual(pixel(cap.entry), { source: 'operator', value: 153, takenAt: 10_000 });
  assert.equal(cap.use![0], Math.fround(153 / 255));
  const back = book.automatic('c');
  assert.equal(pixel(back!.entry)?.source, 'auto');
  assert.equal(back!.use![0], Math.fround(51 / 255));

  // Unconfirmed automatic reference: going back to automatic takes the next sample.
  const b2 = new ReferenceBook();
  b2.onSample('d', 0, view(0.1));
  b2.onSample('d', 1000, view(0.2));
  b2.capture('d', 2000, view(0.5));
  const auto = b2.automatic('d');
  assert.equal(auto!.use, null);
  assert.equal(activeReference(auto!.entry), null);
  const next = b2.onSample('d', 2500, view(0.7));
  assert.deepEqual(pixel(next!.entry), { source: 'provisional', value: 178, takenAt: 2500 });
});

test('stored entries are used as loaded; bytes round-trip', () => {
  const book = new ReferenceBook();
  const pixels = toBytes(view(0.5));
  book.load([{ cameraId: 'x', auto: { pixels, takenAt: 5 }, autoConfirmed: true, operator: null }]);
  pixels.fill(0); // the book keeps its own copy
  assert.equal(book.onSample('x', 0, view(0.9)), null);
  assert.equal(book.onSample('x', 5000, view(0.9)), null);
  assert.equal(book.use('x')![0], Math.fround(128 / 255));
  assert.equal(toFloats(toBytes(view(1)))[0], 1);
  assert.throws(() => toBytes(new Float32Array(3)), /3x64x64/);
});

/** A classifier that calls everything ok (the reference logic does not depend on the model). */
const okModel: Classifier = {
  run: (_b, n) => Promise.resolve(Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 === 0 ? 1 : 0))),
};

test('with the pipeline: the provisional reference is the sample the pipeline classified', async () => {
  const p = new TileHealthPipeline({ classifier: okModel, sampleHz: 4 });
  const book = new ReferenceBook();
  const frame = (v: number): RawFrame => ({
    format: 'RGB',
    width: 64,
    height: 64,
    data: new Uint8Array(64 * 64 * 3).fill(v),
  });
  let taken: Float32Array | null = null;
  for (let t = 0; t <= 1500; t += 500) {
    assert.ok(p.push('c', t, frame(t / 10)));
    const s = p.lastSample('c')!;
    assert.equal(s.tMs, t);
    const u = book.onSample('c', s.tMs, s.rgb);
    if (u?.use) {
      taken = u.use;
      p.setReference('c', u.use);
    }
    await p.flush();
  }
  assert.ok(taken);
  assert.ok(Math.abs(taken[0]! - 100 / 255) < 1e-6);
});

/**
 * The exported model (models/onnx/tile-health-v1.onnx, run by onnxruntime-node like the CLI) on the
 * committed validation set of held-out scenes (models/test/ci-set.ts): per-class recall and the
 * false-alarm rate on normal samples must meet the thresholds stated in models/MODEL_CARD.md
 * (section "CI thresholds"), which this test reads from the card. Each sample is classed as the
 * pipeline classes it (sampleClass: unhealthy below even odds of ok).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { NodeClassifier } from '../src/classifier-node.ts';
import { MODEL_CLASSES, sampleClass } from '../src/pipeline.ts';
import { ITEM_FLOATS } from '../src/preprocess.ts';
import { readCiSet } from './ci-set.ts';

const CARD = new URL('../MODEL_CARD.md', import.meta.url);

interface Threshold {
  key: string;
  op: '>=' | '<=';
  value: number;
}

/** Rows like "| `recall.blank` | ≥ 0.90 | ... |" of the card. */
function cardThresholds(): Threshold[] {
  const out: Threshold[] = [];
  const row = /^\|\s*`((?:recall|false_alarm)\.[a-z]+)`\s*\|\s*(≥|≤|>=|<=)\s*([0-9.]+)\s*\|/;
  for (const line of readFileSync(CARD, 'utf8').split('\n')) {
    const m = row.exec(line.trim());
    if (m) out.push({ key: m[1]!, op: m[2] === '≥' || m[2] === '>=' ? '>=' : '<=', value: Number(m[3]) });
  }
  return out;
}

test('the exported model meets the card thresholds on the held-out validation set', async () => {
  const thresholds = cardThresholds();
  const keys = thresholds.map((t) => t.key).sort();
  assert.deepEqual(keys, ['false_alarm.ok', 'recall.blank', 'recall.occluded', 'recall.redirected']);

  const { header, batch } = readCiSet();
  assert.deepEqual(header.classes, [...MODEL_CLASSES], 'the set and the pipeline agree on class order');
  const classifier = await NodeClassifier.create();
  const pred = new Int32Array(header.n);
  try {
    for (let i = 0; i < header.n; i += 64) {
      const n = Math.min(64, header.n - i);
      const probs = await classifier.run(batch.subarray(i * ITEM_FLOATS, (i + n) * ITEM_FLOATS), n);
      for (let k = 0; k < n; k++)
        pred[i + k] = MODEL_CLASSES.indexOf(sampleClass(probs.subarray(k * 4, k * 4 + 4)).cls);
    }
  } finally {
    await classifier.release();
  }

  const measured = new Map<string, number>();
  for (let c = 0; c < 4; c++) {
    const idx = header.label.flatMap((l, i) => (l === c ? [i] : []));
    assert.ok(idx.length >= 30, `${MODEL_CLASSES[c]}: ${idx.length} samples`);
    const hits = idx.filter((i) => pred[i] === c).length / idx.length;
    if (c === 0) measured.set('false_alarm.ok', 1 - hits);
    else measured.set(`recall.${MODEL_CLASSES[c]}`, hits);
  }
  const report = [...measured].map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
  console.log(`held-out validation set (${header.n} samples, scenes ${header.scene_groups.length}): ${report}`);
  for (const t of thresholds) {
    const v = measured.get(t.key)!;
    if (t.op === '>=') assert.ok(v >= t.value, `${t.key} = ${v.toFixed(3)}, the card wants >= ${t.value}`);
    else assert.ok(v <= t.value, `${t.key} = ${v.toFixed(3)}, the card wants <= ${t.value}`);
  }
});

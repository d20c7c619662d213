import { readdirSync } from 'node:fs';
import { NodeClassifier } from '../src/classifier-node.ts';
import { classifyClip } from '../src/clip.ts';
const dir = '/work/main/var/bench/tile-health';
const c = await NodeClassifier.create(process.argv[2]);
const files = readdirSync(dir)
  .filter((f) => /^\d\d-.*\.ts$/.test(f) && Number(f.slice(0, 2)) >= 25)
  .sort();
const out: string[] = [];
for (const f of files) {
  const r = await classifyClip(`${dir}/${f}`, { classifier: c, fps: 10, stopAtFirstRaise: false });
  const raised = r.changes
    .filter((x) => x.previous === 'ok' && x.verdict !== 'ok')
    .map((x) => `${x.verdict}@${x.atMs / 1000}`);
  out.push(`${f.slice(0, 30).padEnd(30)} ${raised.join(' ')}`);
}
console.log(out.join('\n'));

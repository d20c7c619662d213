import { decodeFrames, CLIP_WIDTH, CLIP_HEIGHT } from '../src/clip.ts';
import { NodeClassifier } from '../src/classifier-node.ts';
import { TileHealthPipeline } from '../src/pipeline.ts';
const classifier = await NodeClassifier.create(process.argv[3]);
const p = new TileHealthPipeline({ classifier });
let i = 0;
const out: string[] = [];
await decodeFrames(process.argv[2]!, 10, async (data) => {
  if (p.push('c', (i++ * 1000) / 10, { format: 'RGB', width: CLIP_WIDTH, height: CLIP_HEIGHT, data })) {
    await p.flush();
    const o = p.lastObservations[0];
    if (o) out.push(`${(o.tMs / 1000).toFixed(1)}:${[...o.probs].map((v) => v.toFixed(2)).join('/')}`);
  }
  return true;
});
console.log(out.join(' '));

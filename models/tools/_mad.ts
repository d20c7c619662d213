import { decodeFrames, CLIP_WIDTH, CLIP_HEIGHT } from '../src/clip.ts';
import { FrozenDetector } from '../src/frozen.ts';
const d = new FrozenDetector();
let i = 0;
const out: string[] = [];
await decodeFrames(process.argv[2]!, 2, async (data) => {
  const r = d.update({ format: 'RGB', width: CLIP_WIDTH, height: CLIP_HEIGHT, data });
  out.push(`${(i++ / 2).toFixed(1)}:${r.mad?.toFixed(2)}/${r.local?.toFixed(0)}${r.frozen ? '*' : ''}`);
  return true;
});
console.log(out.join(' '));

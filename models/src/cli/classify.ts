/**
 * npm run -s classify -- PATH... [--fps N]
 * Each PATH: a video file ffmpeg can read, or a folder of PNG/JPEG frames (sorted by name, one frame
 * per 1/fps s). Runs TileHealthPipeline on the clip's own time axis (see ../clip.ts; the reference
 * view is the clip's first second) and prints one JSON line per PATH:
 * {"path","verdict","onsetSeconds","confidence"} or {"path","error"}. Exit 1 if any errored.
 * verdict is the first unhealthy state the pipeline raises in the clip, or "ok"; onsetSeconds is
 * when in the clip it was raised (the sample at which the smoother marked the tile, so a condition
 * that starts at t is reported at about t + raiseAfterMs), null for ok.
 */
import { ClipError, classifyClip } from '../clip.ts';
import { NodeClassifier } from '../classifier-node.ts';

interface Line {
  path: string;
  verdict?: string;
  onsetSeconds?: number | null;
  confidence?: number;
  error?: string;
}

const ms = (x: number) => Math.round(x * 1000) / 1000;

async function classifyPath(path: string, fps: number, classifier: NodeClassifier): Promise<Line> {
  try {
    const r = await classifyClip(path, { classifier, fps });
    return {
      path,
      verdict: r.verdict,
      onsetSeconds: r.raisedAtSeconds === null ? null : ms(r.raisedAtSeconds),
      confidence: ms(r.confidence),
    };
  } catch (e) {
    if (e instanceof ClipError) return { path, error: e.message };
    throw e;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const paths: string[] = [];
  let fps = 10;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--fps') {
      fps = Number(args[++i]);
      if (!(fps > 0 && fps <= 120)) {
        console.error('--fps needs a number in (0, 120]');
        return 2;
      }
    } else if (a === '--') continue;
    else paths.push(a);
  }
  if (!paths.length) {
    console.error('usage: npm run -s classify -- PATH... [--fps N]');
    return 2;
  }
  const classifier = await NodeClassifier.create();
  let failed = false;
  for (const p of paths) {
    const r = await classifyPath(p, fps, classifier);
    if (r.error) failed = true;
    process.stdout.write(JSON.stringify(r) + '\n');
  }
  await classifier.release();
  return failed ? 1 : 0;
}

process.exitCode = await main();

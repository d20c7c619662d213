/**
 * Integration: generated clips through the classify CLI (ffmpeg + onnxruntime-node).
 * onsetSeconds is when the pipeline raised the state: the condition must persist for the smoother's
 * raiseAfterMs (3 s) first, so a fault that starts at t is reported at about t + 3 s.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'classify-'));
const clip = (name: string) => join(dir, name);

function gen(name: string, graph: string): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', graph, '-pix_fmt', 'yuv420p', clip(name)]);
}

before(() => {
  gen('ok.mp4', 'testsrc2=s=640x360:r=25:d=7');
  gen('black.mp4', 'color=black:s=320x180:r=25:d=6');
  gen('frozen.mp4', 'testsrc2=s=320x180:r=25:d=3,tpad=stop_mode=clone:stop_duration=5');
  gen('blur.mp4', "testsrc2=s=320x180:r=25:d=8,gblur=sigma=30:enable='gte(t,2)'");
  // A still scene with live sensor noise and the camera's on-screen clock (as IP cameras burn in;
  // without it the encoder crushes the noise and a still picture reads as frozen, see frozen.ts);
  // at 2 s the camera is turned to another part of the scene.
  gen(
    'panned.mp4',
    'mandelbrot=s=1280x720:r=25:end_pts=0.04,loop=loop=-1:size=1,trim=duration=8,setpts=N/25/TB,' +
      "crop=640:360:'if(gte(t,2),600,0)':'if(gte(t,2),300,100)',noise=alls=8:allf=t," +
      "drawtext=text='%{pts\\:hms}':x=10:y=10:fontsize=24:fontcolor=white:box=1:boxcolor=black",
  );
  mkdirSync(clip('frames'));
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=320x180:r=10:d=5',
    join(clip('frames'), 'f%03d.png'),
  ]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function classify(...paths: string[]): { status: number | null; lines: Record<string, unknown>[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'models/src/cli/classify.ts', ...paths], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 50_000,
  });
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines };
}

test('classify CLI: ok, blank, frozen, occluded, redirected, frames folder, bad paths', () => {
  const missing = clip('does-not-exist.mp4');
  const notVideo = join(ROOT, 'package.json');
  const { status, lines } = classify(
    clip('ok.mp4'),
    clip('black.mp4'),
    missing,
    clip('frozen.mp4'),
    clip('blur.mp4'),
    clip('panned.mp4'),
    clip('frames'),
    notVideo,
  );
  assert.notEqual(status, 0);
  assert.equal(lines.length, 8);
  const by = new Map(lines.map((l) => [l.path as string, l]));

  const ok = by.get(clip('ok.mp4'))!;
  assert.equal(ok.verdict, 'ok');
  assert.equal(ok.onsetSeconds, null);

  // Black from the start: the first check is after the 1 s reference, raised 3 s later.
  const black = by.get(clip('black.mp4'))!;
  assert.equal(black.verdict, 'blank');
  assert.ok(
    (black.onsetSeconds as number) >= 3.5 && (black.onsetSeconds as number) <= 5,
    `onset ${black.onsetSeconds}`,
  );

  // Frozen from 3 s: the first repeat is seen at 3.5 s, raised at about 6.5 s (not 3.5).
  const frozen = by.get(clip('frozen.mp4'))!;
  assert.equal(frozen.verdict, 'frozen');
  assert.ok(
    (frozen.onsetSeconds as number) >= 6 && (frozen.onsetSeconds as number) <= 7.5,
    `onset ${frozen.onsetSeconds}`,
  );

  const blur = by.get(clip('blur.mp4'))!;
  assert.equal(blur.verdict, 'occluded');
  assert.ok((blur.onsetSeconds as number) >= 5 && (blur.onsetSeconds as number) <= 6.5, `onset ${blur.onsetSeconds}`);

  const panned = by.get(clip('panned.mp4'))!;
  assert.equal(panned.verdict, 'redirected');
  assert.ok(
    (panned.onsetSeconds as number) >= 5 && (panned.onsetSeconds as number) <= 6.5,
    `onset ${panned.onsetSeconds}`,
  );

  assert.equal(by.get(clip('frames'))!.verdict, 'ok');

  assert.match(String(by.get(missing)!.error), /no such file/);
  assert.match(String(by.get(notVideo)!.error), /ffmpeg cannot decode/);
  for (const l of lines) {
    if (l.error) continue;
    assert.ok(typeof l.confidence === 'number' && l.confidence > 0 && l.confidence <= 1);
  }
});

test('classify CLI: all good paths → exit 0', () => {
  const { status, lines } = classify(clip('ok.mp4'), '--fps', '5');
  assert.equal(status, 0);
  assert.equal(lines[0]!.verdict, 'ok');
});

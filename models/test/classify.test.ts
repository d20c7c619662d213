/** Integration: generated clips through the classify CLI (ffmpeg + onnxruntime-node). */
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

test('classify CLI: ok, blank, frozen, occluded, frames folder, bad paths', () => {
  const missing = clip('does-not-exist.mp4');
  const notVideo = join(ROOT, 'package.json');
  const { status, lines } = classify(
    clip('ok.mp4'),
    clip('black.mp4'),
    missing,
    clip('frozen.mp4'),
    clip('blur.mp4'),
    clip('frames'),
    notVideo,
  );
  assert.notEqual(status, 0);
  assert.equal(lines.length, 7);
  const by = new Map(lines.map((l) => [l.path as string, l]));

  const ok = by.get(clip('ok.mp4'))!;
  assert.equal(ok.verdict, 'ok');
  assert.equal(ok.onsetSeconds, null);

  const black = by.get(clip('black.mp4'))!;
  assert.equal(black.verdict, 'blank');
  assert.ok((black.onsetSeconds as number) <= 1.5);

  const frozen = by.get(clip('frozen.mp4'))!;
  assert.equal(frozen.verdict, 'frozen');
  assert.ok(
    (frozen.onsetSeconds as number) >= 3 && (frozen.onsetSeconds as number) <= 4,
    `onset ${frozen.onsetSeconds}`,
  );

  const blur = by.get(clip('blur.mp4'))!;
  assert.notEqual(blur.verdict, 'ok');
  assert.equal(blur.verdict, 'occluded');
  assert.ok((blur.onsetSeconds as number) >= 1.5 && (blur.onsetSeconds as number) <= 3, `onset ${blur.onsetSeconds}`);

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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timecodeCells, timecodeStrip } from '@clinicwall/contract';
import { quoteOptionValue } from './escape.ts';
import { DEFAULT_SCENE, OUTPUT_STAMP, ffmpegArgs, sceneGraph, timecodeFilters, type SceneCamera } from './scene.ts';
import type { ModeState } from './modes.ts';

const cam = (index: number, over: Partial<SceneCamera> = {}): SceneCamera => ({
  index,
  id: `cam-${String(index + 1).padStart(3, '0')}`,
  name: '收费处',
  nameEn: 'Cashier',
  area: 'cashier',
  clinicId: 'c-01',
  clinicName: '安定门社区卫生服务中心',
  main: 'udp://127.0.0.1:41000',
  sub: 'udp://127.0.0.1:41001',
  ...over,
});
const normal: ModeState = { mode: 'normal' };

function outputs(args: string[]) {
  const maps = args.flatMap((a, i) => (a === '-map' ? [i] : []));
  return maps.map((start, k) => args.slice(start, maps[k + 1] ?? args.length));
}
const opt = (out: string[], name: string) => out[out.indexOf(name) + 1];

test('two H.264 MPEG-TS/UDP outputs: main then sub, low-latency x264, 1 s GOP', () => {
  const args = ffmpegArgs(cam(0), normal, { ...DEFAULT_SCENE, fps: 12 });
  const [main, sub] = outputs(args);
  assert.ok(main && sub);
  assert.equal(opt(main, '-map'), '[main]');
  assert.equal(opt(sub, '-map'), '[sub]');
  assert.equal(main.at(-1), 'udp://127.0.0.1:41000?pkt_size=1316');
  assert.equal(sub.at(-1), 'udp://127.0.0.1:41001?pkt_size=1316');
  for (const out of [main, sub]) {
    for (const [k, v] of [
      ['-c:v', 'libx264'],
      ['-preset', 'ultrafast'],
      ['-tune', 'zerolatency'],
      ['-profile:v', 'baseline'],
      ['-pix_fmt', 'yuv420p'],
      ['-g', '12'],
      ['-keyint_min', '12'],
      ['-f', 'mpegts'],
      ['-muxdelay', '0'],
      ['-muxpreload', '0'],
    ] as const) {
      assert.equal(opt(out, k), v, k);
    }
  }
  assert.equal(opt(main, '-b:v'), '600k');
  assert.equal(opt(sub, '-b:v'), '150k');
  assert.equal(args.includes('-nostdin'), true);
});

test('the substream is the main picture scaled to the sub size', () => {
  const g = sceneGraph(cam(0), normal, { ...DEFAULT_SCENE, sub: { width: 320, height: 180 } });
  assert.match(g, /split=2\[main\]\[s0\];\[s0\]scale=w=320:h=180:flags=area\[sub\]$/);
});

test('the timecode follows the contract layout on the main size, one box per bit', () => {
  const f = timecodeFilters({ width: 640, height: 360 });
  const s = timecodeStrip(640, 360);
  assert.equal(f.length, 33);
  assert.equal(f[0], `drawbox=x=${s.x}:y=${s.y}:w=${s.w}:h=${s.h}:color=0x000000:t=fill`);
  for (const c of timecodeCells(640, 360)) {
    const box = f[c.bit + 1]!;
    assert.ok(box.startsWith(`drawbox=x=${c.x}:y=${c.y}:w=${c.size}:h=${c.size}:color=white:t=fill:enable=`), box);
    assert.ok(box.includes(quoteOptionValue(`eq(mod(floor(round(t*1000)/${2 ** c.bit}),2),1)`)), box);
  }
});

test('the picture modes stamp wall-clock time before drawing the timecode', () => {
  for (const mode of ['normal', 'frozen', 'defocused', 'reaimed'] as const) {
    const g = sceneGraph(cam(0), { mode });
    const stamp = g.indexOf('settb=1/1000,setpts=RTCTIME/1000');
    const strip = timecodeStrip(640, 360);
    assert.ok(stamp > 0 && stamp < g.indexOf(`drawbox=x=0:y=${strip.y}:w=640`), mode);
    assert.ok(g.lastIndexOf('realtime') < stamp || mode === 'frozen', mode);
  }
});

test('frozen repeats one finished frame (timecode included); normal does not', () => {
  const frozen = sceneGraph(cam(0), { mode: 'frozen' });
  const lastCell = frozen.lastIndexOf('enable=');
  const loop = frozen.lastIndexOf('loop=loop=-1:size=1');
  assert.ok(loop > lastCell, 'the loop comes after the last timecode cell');
  assert.ok(
    !sceneGraph(cam(0), normal)
      .slice(lastCell - 200)
      .includes('loop=loop=-1:size=1,settb=1/15,setpts=N,realtime,'),
  );
});

test('blank variants carry no timecode; nosignal shows the card text', () => {
  const black = sceneGraph(cam(0), { mode: 'blank', variant: 'black' });
  assert.ok(black.startsWith('color=c=0x000000:s=640x360:r=15'));
  assert.ok(!black.includes('enable='));
  const card = sceneGraph(cam(0), { mode: 'blank', variant: 'nosignal' });
  assert.ok(card.includes(quoteOptionValue('无信号 NO SIGNAL')));
  assert.ok(!card.includes('enable='));
  assert.notEqual(sceneGraph(cam(0), { mode: 'blank', variant: 'solid' }), black);
});

test('covered, defocused and re-aimed change the picture; cut runs nothing', () => {
  const base = sceneGraph(cam(0), normal);
  assert.match(sceneGraph(cam(0), { mode: 'covered', variant: 'hand' }), /\[scene\]\[cover\]overlay/);
  assert.match(sceneGraph(cam(0), { mode: 'covered', variant: 'cloth' }), /\[cover\]/);
  assert.match(
    sceneGraph(cam(0), { mode: 'defocused' }),
    /\[scene\]scale=w=80:h=46:flags=area,boxblur=.*,scale=w=640:h=360/,
  );
  const reaimed = sceneGraph(cam(0), { mode: 'reaimed' });
  assert.match(reaimed, /rotate=a=/);
  assert.notEqual(reaimed, base);
  assert.throws(() => sceneGraph(cam(0), { mode: 'cut' }), /cut/);
});

test('each camera index gets its own deterministic scene', () => {
  const graphs = Array.from({ length: 16 }, (_, i) => sceneGraph(cam(i, { id: 'cam-x' }), normal));
  assert.equal(new Set(graphs).size, 16);
  assert.equal(sceneGraph(cam(3), normal), sceneGraph(cam(3), normal));
});

test('clinic and camera names are burned in escaped, whatever they contain', () => {
  const evil = "O'Brien: [诊所], 50% off; a\\b";
  const g = sceneGraph(cam(0, { clinicName: evil, name: '收费处' }), normal);
  assert.ok(g.includes(`text=${quoteOptionValue(evil)}`));
  assert.ok(g.includes(`text=${quoteOptionValue('收费处  cam-001')}`));
  assert.ok(g.includes('expansion=none'));
});

test('sizes are configurable', () => {
  const g = sceneGraph(cam(0), normal, {
    ...DEFAULT_SCENE,
    main: { width: 1280, height: 720 },
    sub: { width: 640, height: 360 },
  });
  assert.ok(g.includes('crop=w=1280:h=720'));
  assert.ok(g.includes(`drawbox=x=${timecodeCells(1280, 720)[0]!.x}:y=${timecodeCells(1280, 720)[0]!.y}:w=32:h=32`));
  assert.match(g, /scale=w=640:h=360:flags=area\[sub\]$/);
});

test('every mode hands the encoders frames stamped with wall-clock time, so timestamps run on across a switch', () => {
  const states: ModeState[] = [
    normal,
    { mode: 'blank', variant: 'black' },
    { mode: 'blank', variant: 'nosignal' },
    { mode: 'frozen' },
    { mode: 'covered', variant: 'hand' },
    { mode: 'defocused' },
    { mode: 'reaimed' },
  ];
  for (const state of states) {
    const g = sceneGraph(cam(0), state);
    const out = g.indexOf(`${OUTPUT_STAMP},split=2[main][s0]`);
    assert.ok(out > 0, state.mode);
    assert.ok(!g.slice(out).includes('setpts=N'), state.mode);
  }
});

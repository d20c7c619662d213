/** Fault modes, checked on the real UDP output of one simulated camera. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { decodeTimecode } from '@clinicwall/contract';
import { startFleet, type Fleet, DEFAULT_SCENE, ffmpegArgs } from '../src/index.ts';
import { captureGray, countPackets, freeUdpBasePort, meanAbsDiff, stats } from './capture.ts';

const W = 640;
const H = 360;
let fleet: Fleet;
let base: number;
const mainUrl = () => `udp://127.0.0.1:${base}`;

before(async () => {
  base = await freeUdpBasePort(2);
  fleet = await startFleet({ cameras: 1, httpPort: 0, basePort: base, log: () => {} });
});
after(() => fleet?.stop());

const timecodes = (frames: { data: Buffer }[]) => frames.map((f) => decodeTimecode(W, H, (x, y) => f.data[y * W + x]!));

test('cut stops the UDP packets; normal brings them back', async () => {
  // The first window also covers ffmpeg's start-up, which takes a second or more on a loaded machine.
  assert.ok((await countPackets(base, 3000)) > 0, 'normal sends');
  // Through the control API, as an operator or another engineer's test would.
  const res = await fetch(`${fleet.url}/cameras/cam-001/mode`, { method: 'PUT', body: '{"mode":"cut"}' });
  assert.equal(res.status, 200);
  const cut = (await res.json()) as { mode: string; running: boolean; pid: number | null };
  assert.deepEqual([cut.mode, cut.running, cut.pid], ['cut', false, null]);
  assert.equal(await countPackets(base, 700), 0, 'cut sends nothing');
  const back = await fleet.setMode('cam-001', 'normal');
  assert.equal(back.running, true);
  assert.ok((await countPackets(base, 3000)) > 0, 'normal sends again');
});

test('frozen repeats one frame, timecode included; normal moves', async () => {
  await fleet.setMode('cam-001', 'frozen');
  const frozen = await captureGray(mainUrl(), W, H, 6);
  const frozenDiffs = frozen.slice(1).map((f, i) => meanAbsDiff(f.data, frozen[i]!.data));
  assert.ok(Math.max(...frozenDiffs) < 0.5, `frozen frame differences ${frozenDiffs.join(' ')}`);
  assert.equal(new Set(timecodes(frozen)).size, 1, 'one timecode throughout');

  await fleet.setMode('cam-001', 'normal');
  const moving = await captureGray(mainUrl(), W, H, 6);
  const movingDiffs = moving.slice(1).map((f, i) => meanAbsDiff(f.data, moving[i]!.data));
  assert.ok(Math.min(...movingDiffs) > 0.5, `normal frame differences ${movingDiffs.join(' ')}`);
  const codes = timecodes(moving) as number[];
  assert.ok(
    codes.every((c, i) => i === 0 || c > codes[i - 1]!),
    `timecodes advance: ${codes.join(' ')}`,
  );
});

test('blank black is a near-uniform dark frame with no timecode', async () => {
  const state = await fleet.setMode('cam-001', 'blank', 'black');
  assert.equal(state.variant, 'black');
  const [frame] = await captureGray(mainUrl(), W, H, 1);
  const s = stats(frame!.data);
  assert.ok(s.mean < 20 && s.stdev < 3 && s.max < 40, JSON.stringify(s));
  await fleet.setMode('cam-001', 'normal');
});

test('a camera ffmpeg that dies is restarted', async () => {
  const before = fleet.camera('cam-001')!;
  assert.ok(before.pid);
  process.kill(before.pid, 'SIGKILL');
  const deadline = Date.now() + 5000;
  let now = fleet.camera('cam-001')!;
  while (Date.now() < deadline && !(now.running && now.pid !== before.pid)) {
    await new Promise((r) => setTimeout(r, 100));
    now = fleet.camera('cam-001')!;
  }
  assert.equal(now.running, true);
  assert.notEqual(now.pid, before.pid);
  assert.equal(now.restarts, before.restarts + 1);
  assert.match(now.lastError ?? '', /SIGKILL/);
});

test('ffmpeg accepts names with quotes, colons, brackets and percent signs', () => {
  const cam = {
    index: 0,
    id: 'cam-001',
    name: "诊室 'A': [1], 100%",
    nameEn: 'x',
    area: 'consulting' as const,
    clinicId: 'c-01',
    clinicName: "O'Brien; 医院, a\\b",
    main: 'udp://127.0.0.1:9',
    sub: 'udp://127.0.0.1:9',
  };
  for (const mode of [{ mode: 'normal' as const }, { mode: 'blank' as const, variant: 'nosignal' as const }]) {
    const args = ffmpegArgs(cam, mode, DEFAULT_SCENE);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    const r = spawnSync(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-filter_complex',
        graph,
        '-map',
        '[main]',
        '-frames:v',
        '1',
        '-f',
        'null',
        '-',
        '-map',
        '[sub]',
        '-frames:v',
        '1',
        '-f',
        'null',
        '-',
      ],
      {
        encoding: 'utf8',
        timeout: 10_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
  }
});

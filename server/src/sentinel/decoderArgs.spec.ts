import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDecoderArgs } from './decoderArgs.ts';

function after(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

test('key frames only: the SDP comes on stdin, YUV4MPEG2 at the asked size goes to stdout', () => {
  const args = buildDecoderArgs({ width: 320, height: 180 });
  assert.equal(after(args, '-skip_frame'), 'nokey');
  assert.equal(after(args, '-f'), 'sdp');
  assert.equal(after(args, '-i'), 'pipe:0');
  assert.equal(after(args, '-reorder_queue_size'), '0');
  assert.match(after(args, '-protocol_whitelist')!, /^(?=.*pipe)(?=.*udp)(?=.*rtp)/);
  assert.equal(after(args, '-vf'), 'scale=320:180:flags=area,format=yuv420p');
  assert.deepEqual(args.slice(-3), ['-f', 'yuv4mpegpipe', 'pipe:1']);
  // -skip_frame is an input option: it must come before -i.
  assert.ok(args.indexOf('-skip_frame') < args.indexOf('-i'));
});

test('every frame at a set rate when asked', () => {
  const args = buildDecoderArgs({ width: 160, height: 90, keyFramesOnly: false, fps: 2 });
  assert.equal(args.indexOf('-skip_frame'), -1);
  assert.equal(after(args, '-vf'), 'fps=2,scale=160:90:flags=area,format=yuv420p');
});

test('odd or absurd sizes and a missing rate are refused', () => {
  assert.throws(() => buildDecoderArgs({ width: 321, height: 180 }), /width/);
  assert.throws(() => buildDecoderArgs({ width: 320, height: 0 }), /height/);
  assert.throws(() => buildDecoderArgs({ width: 320, height: 180, keyFramesOnly: false }), /fps/);
});

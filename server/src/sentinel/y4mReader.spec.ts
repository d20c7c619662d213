import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseY4mHeader, Y4mError, Y4mReader } from './y4mReader.ts';

function stream(width: number, height: number, frames: number[], colour = 'C420jpeg'): Buffer {
  const size = width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F25:1 Ip A1:1 ${colour}\n`)];
  for (const v of frames) parts.push(Buffer.from('FRAME\n'), Buffer.alloc(size, v));
  return Buffer.concat(parts);
}

test('frames come out whole, with the size of the header, however the bytes are split', () => {
  const bytes = stream(6, 4, [10, 20, 30]);
  for (const chunk of [1, 5, 7, 64, bytes.length]) {
    const r = new Y4mReader();
    const frames = [];
    for (let i = 0; i < bytes.length; i += chunk) frames.push(...r.push(bytes.subarray(i, i + chunk)));
    assert.equal(frames.length, 3, `chunk ${chunk}`);
    assert.deepEqual(
      frames.map((f) => [f.width, f.height, f.format, f.data.length, f.data[0], f.data.at(-1)]),
      [
        [6, 4, 'I420', 36, 10, 10],
        [6, 4, 'I420', 36, 20, 20],
        [6, 4, 'I420', 36, 30, 30],
      ],
    );
  }
});

test('odd sizes round the chroma planes up; a partial frame waits for the rest', () => {
  const bytes = stream(5, 3, [7]);
  const r = new Y4mReader();
  assert.deepEqual(r.push(bytes.subarray(0, bytes.length - 1)), []);
  const [f] = r.push(bytes.subarray(bytes.length - 1));
  assert.equal(f!.data.length, 15 + 2 * 3 * 2);
  assert.deepEqual(r.header, { width: 5, height: 3, format: 'I420', frameBytes: 27 });
});

test('frame parameters after FRAME are accepted; grey streams have a luma plane only', () => {
  const r = new Y4mReader();
  const frames = r.push(Buffer.concat([Buffer.from('YUV4MPEG2 W4 H2 Cmono\nFRAME Ixyz\n'), Buffer.alloc(8, 1)]));
  assert.equal(frames.length, 1);
  assert.equal(frames[0]!.format, 'GRAY');
  assert.equal(frames[0]!.data.length, 8);
});

test('a stream that is not YUV4MPEG2 4:2:0/mono, or loses sync, is an error', () => {
  assert.throws(() => new Y4mReader().push(Buffer.from('RIFF....\n')), Y4mError);
  assert.throws(() => parseY4mHeader('YUV4MPEG2 W320 H180 C444'), /unsupported colour space/);
  assert.throws(() => parseY4mHeader('YUV4MPEG2 W0 H180'), /bad frame size/);
  const r = new Y4mReader();
  assert.throws(() => r.push(Buffer.from('YUV4MPEG2 W2 H2\nGARBAGE\n')), /expected FRAME/);
  assert.throws(() => new Y4mReader().push(Buffer.alloc(2000, 0x41)), /no line end/);
});

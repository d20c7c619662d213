import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIngestArgs } from './ffmpegArgs.ts';

const base = { rtpIp: '127.0.0.1', rtpPort: 40000, rtcpPort: 40001, ssrc: 1234, payloadType: 102, inputTimeoutSec: 3 };

test('a UDP camera stream is relayed as is, with a read timeout so a silent camera ends the process', () => {
  const args = buildIngestArgs({ ...base, inputUrl: 'udp://127.0.0.1:21000' });
  const input = args[args.indexOf('-i') + 1]!;
  assert.match(input, /^udp:\/\/127\.0\.0\.1:21000\?/);
  assert.equal(new URL(input).searchParams.get('timeout'), '3000000');
  assert.deepEqual(args.slice(args.indexOf('-c:v'), args.indexOf('-c:v') + 2), ['-c:v', 'copy']);
  assert.equal(args.at(-1), 'rtp://127.0.0.1:40000?rtcpport=40001&pkt_size=1200');
  assert.equal(args[args.indexOf('-ssrc') + 1], '1234');
});

test('an RTSP camera is pulled over TCP; transcode re-encodes to H.264 baseline', () => {
  const args = buildIngestArgs({ ...base, inputUrl: 'rtsp://10.1.2.3/stream1', transcode: true });
  assert.equal(args[args.indexOf('-rtsp_transport') + 1], 'tcp');
  assert.equal(args[args.indexOf('-c:v') + 1], 'libx264');
  assert.equal(args[args.indexOf('-profile:v') + 1], 'baseline');
});

test('bad input is refused with an exact message', () => {
  assert.throws(
    () => buildIngestArgs({ ...base, inputUrl: 'file:///etc/passwd' }),
    /unsupported camera URL scheme file:/,
  );
  assert.throws(() => buildIngestArgs({ ...base, inputUrl: 'udp://x', rtpPort: 70000 }), /bad rtpPort 70000/);
});

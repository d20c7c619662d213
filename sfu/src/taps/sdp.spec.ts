import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tapSdp } from './sdp.ts';

const h264 = {
  mimeType: 'video/H264',
  payloadType: 102,
  clockRate: 90000,
  parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
};

test('an H.264 tap is described with its payload type, clock rate and fmtp on the receiver port', () => {
  const sdp = tapSdp({ kind: 'video', ip: '127.0.0.1', rtpPort: 22000, codec: h264, name: 'cam-001 sub' });
  const lines = sdp.trim().split('\n');
  assert.equal(lines[0], 'v=0');
  assert.ok(lines.includes('c=IN IP4 127.0.0.1'));
  assert.ok(lines.includes('m=video 22000 RTP/AVP 102'));
  assert.ok(lines.includes('a=rtpmap:102 H264/90000'));
  assert.ok(lines.includes('a=fmtp:102 packetization-mode=1;profile-level-id=42e01f;level-asymmetry-allowed=1'));
  assert.ok(lines.includes('s=cam-001 sub'));
});

test('a codec without parameters has no fmtp line; audio carries its channel count', () => {
  const vp8 = tapSdp({
    kind: 'video',
    ip: '127.0.0.1',
    rtpPort: 22002,
    codec: { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {} },
  });
  assert.doesNotMatch(vp8, /a=fmtp/);
  assert.match(vp8, /a=rtpmap:101 VP8\/90000\n/);
  const opus = tapSdp({
    kind: 'audio',
    ip: '::1',
    rtpPort: 22004,
    codec: { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 },
  });
  assert.match(opus, /m=audio 22004 RTP\/AVP 100\n/);
  assert.match(opus, /a=rtpmap:100 opus\/48000\/2\n/);
  assert.match(opus, /c=IN IP6 ::1\n/);
});

test('an odd or out-of-range port is refused (RTCP needs the next port)', () => {
  for (const rtpPort of [22001, 0, 65536, 1.5]) {
    assert.throws(() => tapSdp({ kind: 'video', ip: '127.0.0.1', rtpPort, codec: h264 }), TypeError, String(rtpPort));
  }
});

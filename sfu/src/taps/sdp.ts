import type { types } from 'mediasoup';

/** What an RTP receiver (ffmpeg) needs to know about the stream a tap sends it. */
export interface TapSdpInput {
  kind: types.MediaKind;
  /** Address and RTP port the receiver listens on; RTCP goes to rtpPort + 1. */
  ip: string;
  rtpPort: number;
  /** The consumer's codec (payload type, mime type, clock rate, fmtp parameters). */
  codec: types.RtpCodecParameters;
  /** Session name, for people reading the file. */
  name?: string;
}

/**
 * SDP text describing one tap's RTP stream, for `ffmpeg -protocol_whitelist file,udp,rtp -i x.sdp`
 * (or GStreamer's sdpdemux). One m-line, one payload type, no SSRC: the receiver accepts whatever
 * SSRC arrives, so the text stays valid when the tap follows a new producer with the same codec.
 */
export function tapSdp(i: TapSdpInput): string {
  if (!Number.isInteger(i.rtpPort) || i.rtpPort < 1 || i.rtpPort > 65534 || i.rtpPort % 2 !== 0) {
    throw new TypeError(`rtpPort must be an even port number below 65535, got ${i.rtpPort}`);
  }
  const pt = i.codec.payloadType;
  const [, encoding] = i.codec.mimeType.split('/');
  if (!encoding) throw new TypeError(`bad mimeType ${i.codec.mimeType}`);
  const channels = i.kind === 'audio' && i.codec.channels && i.codec.channels > 1 ? `/${i.codec.channels}` : '';
  const fmtp = Object.entries(i.codec.parameters ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(';');
  const family = i.ip.includes(':') ? 'IP6' : 'IP4';
  const name = (i.name ?? 'ClinicWall tap').replace(/[\r\n]/g, ' ');
  return [
    'v=0',
    `o=- 0 0 IN ${family} ${i.ip}`,
    `s=${name}`,
    `c=IN ${family} ${i.ip}`,
    't=0 0',
    `m=${i.kind} ${i.rtpPort} RTP/AVP ${pt}`,
    `a=rtpmap:${pt} ${encoding}/${i.codec.clockRate}${channels}`,
    ...(fmtp ? [`a=fmtp:${pt} ${fmtp}`] : []),
    'a=recvonly',
    '',
  ].join('\n');
}

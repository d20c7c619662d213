/**
 * Arguments of one ingest process: pull a camera stream (RTSP, or MPEG-TS over UDP from the
 * simulator) and push it as RTP to a mediasoup PlainTransport. H.264 is relayed as is (`copy`,
 * nearly free); `transcode` re-encodes anything else to H.264 baseline.
 */
/** H.264 the way browsers and the SFU want it from a camera: baseline, no B-frames, fixed GOP. */
export function x264LowLatencyArgs(o: { gop: number; preset?: string }): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    o.preset ?? 'ultrafast',
    '-tune',
    'zerolatency',
    '-profile:v',
    'baseline',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(o.gop),
  ];
}

export interface IngestArgsInput {
  inputUrl: string;
  rtpIp: string;
  rtpPort: number;
  rtcpPort: number;
  ssrc: number;
  payloadType: number;
  /** Seconds without input before the process gives up (and the supervisor restarts it). */
  inputTimeoutSec: number;
  transcode?: boolean;
}

export function buildIngestArgs(i: IngestArgsInput): string[] {
  if (!Number.isInteger(i.rtpPort) || i.rtpPort < 1 || i.rtpPort > 65535)
    throw new TypeError(`bad rtpPort ${i.rtpPort}`);
  if (!Number.isInteger(i.rtcpPort) || i.rtcpPort < 1 || i.rtcpPort > 65535)
    throw new TypeError(`bad rtcpPort ${i.rtcpPort}`);
  if (!Number.isInteger(i.ssrc) || i.ssrc < 1 || i.ssrc > 0xffffffff) throw new TypeError(`bad ssrc ${i.ssrc}`);
  const url = new URL(i.inputUrl);
  const timeoutUs = Math.round(i.inputTimeoutSec * 1_000_000);
  const input: string[] = [];
  switch (url.protocol) {
    case 'udp:': {
      url.searchParams.set('timeout', String(timeoutUs));
      url.searchParams.set('overrun_nonfatal', '1');
      url.searchParams.set('fifo_size', '100000');
      input.push('-use_wallclock_as_timestamps', '1', '-i', url.toString());
      break;
    }
    case 'rtsp:':
    case 'rtsps:':
      input.push('-rtsp_transport', 'tcp', '-timeout', String(timeoutUs), '-i', i.inputUrl);
      break;
    case 'srt:':
    case 'http:':
    case 'https:':
      input.push('-rw_timeout', String(timeoutUs), '-i', i.inputUrl);
      break;
    default:
      throw new TypeError(`unsupported camera URL scheme ${url.protocol}`);
  }
  const codec = i.transcode ? x264LowLatencyArgs({ gop: 30 }) : ['-c:v', 'copy'];
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-fflags',
    'nobuffer',
    '-flags',
    'low_delay',
    '-probesize',
    '65536',
    '-analyzeduration',
    '1000000',
    ...input,
    '-map',
    '0:v:0',
    '-an',
    ...codec,
    '-f',
    'rtp',
    '-payload_type',
    String(i.payloadType),
    '-ssrc',
    String(i.ssrc),
    `rtp://${i.rtpIp}:${i.rtpPort}?rtcpport=${i.rtcpPort}&pkt_size=1200`,
  ];
}

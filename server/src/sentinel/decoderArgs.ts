/**
 * ffmpeg arguments of the sentinel's decoder: read a tap's SDP on stdin, receive its RTP, decode
 * key frames only (`-skip_frame nokey`: the simulator's GOP is 1 s, real cameras 1-4 s, so this
 * is one picture per GOP for the cost of parsing, not decoding, the rest) and write them scaled
 * to a fixed size as YUV4MPEG2 (I420, no colour conversion) on stdout.
 *
 * `-reorder_queue_size 0` matters: the tap follows a camera onto a new producer (new SSRC, new
 * sequence numbers); with ffmpeg's default reordering queue the new packets count as "too late"
 * and are dropped for good, without it the RTP demuxer resynchronises after one packet.
 */

export interface DecoderArgsInput {
  width: number;
  height: number;
  /** Decode only key frames (default) or every frame (then resampled to `fps`). */
  keyFramesOnly?: boolean;
  /** With keyFramesOnly false: frames per second to output. */
  fps?: number;
}

export const DEFAULT_DECODE_WIDTH = 320;
export const DEFAULT_DECODE_HEIGHT = 180;

export function buildDecoderArgs(i: DecoderArgsInput): string[] {
  for (const [name, v] of [
    ['width', i.width],
    ['height', i.height],
  ] as const) {
    if (!Number.isInteger(v) || v < 2 || v > 4096 || v % 2)
      throw new TypeError(`${name} must be an even integer 2-4096, got ${v}`);
  }
  const keyOnly = i.keyFramesOnly ?? true;
  if (!keyOnly && !(i.fps !== undefined && i.fps > 0 && i.fps <= 30)) {
    throw new TypeError(`fps must be in (0, 30] when every frame is decoded, got ${i.fps}`);
  }
  const filters = [...(keyOnly ? [] : [`fps=${i.fps}`]), `scale=${i.width}:${i.height}:flags=area`, 'format=yuv420p'];
  // prettier-ignore
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-protocol_whitelist', 'pipe,udp,rtp', '-f', 'sdp',
    '-fflags', 'nobuffer', '-flags', 'low_delay',
    '-probesize', '32768', '-analyzeduration', '0',
    '-reorder_queue_size', '0',
    '-threads', '1',
    ...(keyOnly ? ['-skip_frame', 'nokey'] : []),
    '-i', 'pipe:0',
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-fps_mode', 'passthrough',
    '-vf', filters.join(','),
    '-f', 'yuv4mpegpipe', 'pipe:1',
  ];
}

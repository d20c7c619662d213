/** Builds MPEG-TS datagrams the way ffmpeg's muxer sends them, for the specs of mpegts and splicer. */
import { TS_PACKET } from './mpegts.ts';

export const VIDEO_PID = 0x100;

/** One 188-byte packet; without `payload` it carries only an adaptation field (no counter step). */
export function tsPacket(o: { pid: number; start?: boolean; cc: number; payload?: Buffer }): Buffer {
  const p = Buffer.alloc(TS_PACKET, 0xff);
  p[0] = 0x47;
  p[1] = (o.start ? 0x40 : 0) | (o.pid >> 8);
  p[2] = o.pid & 0xff;
  const body = o.payload ?? Buffer.alloc(0);
  const stuffing = TS_PACKET - 4 - body.length;
  if (stuffing < 0) throw new RangeError('payload too long for one packet');
  if (stuffing === 0) {
    p[3] = 0x10 | o.cc;
  } else {
    p[3] = (body.length ? 0x30 : 0x20) | o.cc;
    p[4] = stuffing - 1;
    if (stuffing > 1) p[5] = 0;
  }
  body.copy(p, 4 + stuffing);
  return p;
}

/**
 * The packets of one frame: a PES (with its real length unless `unbounded`) of `bytes` payload
 * bytes, tagged with `tag` so a test can tell frames apart; counters from `cc`.
 */
export function framePackets(bytes: number, tag: number, cc = 0, unbounded = false): Buffer[] {
  const header = Buffer.from([0, 0, 1, 0xe0, 0, 0, 0x80, 0, 0]);
  const pesLength = header.length - 6 + bytes;
  if (!unbounded) header.writeUInt16BE(pesLength, 4);
  const pes = Buffer.concat([header, Buffer.alloc(bytes, tag)]);
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < pes.length; i++) {
    const take = Math.min(TS_PACKET - 4, pes.length - at);
    out.push(tsPacket({ pid: VIDEO_PID, start: at === 0, cc: (cc + i) & 15, payload: pes.subarray(at, at + take) }));
    at += take;
  }
  return out;
}

/** Groups packets 7 to a datagram, the last one short: as ffmpeg flushes at the end of a frame. */
export function datagrams(packets: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < packets.length; i += 7) out.push(Buffer.concat(packets.slice(i, i + 7)));
  return out;
}

/** Program association table packet (a one-packet section). */
export const patPacket = (cc: number) =>
  tsPacket({ pid: 0, start: true, cc, payload: Buffer.from([0, 0, 0xb0, 0x0d, 0, 1, 0xc1, 0, 0, 0, 1, 0xf0, 0]) });

/** The tag byte of each frame the packets carry, in order (the first payload byte after a PES header). */
export function frameTags(packets: Buffer[]): number[] {
  const tags: number[] = [];
  for (const p of packets) {
    const pid = ((p[1]! & 0x1f) << 8) | p[2]!;
    if (pid !== VIDEO_PID || !(p[1]! & 0x40)) continue;
    const start = 4 + (p[3]! & 0x20 ? 1 + p[4]! : 0);
    tags.push(p[start + 9]!);
  }
  return tags;
}

/** Splits datagrams back into packets. */
export const packetsOf = (ds: Buffer[]): Buffer[] =>
  ds.flatMap((d) =>
    Array.from({ length: d.length / TS_PACKET }, (_, i) => d.subarray(i * TS_PACKET, (i + 1) * TS_PACKET)),
  );

/**
 * Just enough MPEG-TS to splice one camera's successive encoders into one stream: where a datagram
 * leaves the stream between two frames, and continuity counters that run on across the splice.
 * ffmpeg's muxer writes whole 188-byte packets per datagram (`pkt_size` a multiple of 188) and,
 * with `-flush_packets 1`, ends every frame at a datagram boundary.
 */
export const TS_PACKET = 188;
const SYNC = 0x47;
const NULL_PID = 0x1fff;
/** The datagrams a camera sends on the wire: 7 packets, as IP cameras and ffmpeg do. */
export const WIRE_DATAGRAM = 7 * TS_PACKET;
/**
 * The datagrams an encoder sends to the relay on loopback: the most whole packets that fit in
 * one UDP datagram, so that a frame (flushed at its end) mostly arrives in one: the relay's cost
 * is per datagram received.
 */
export const RELAY_DATAGRAM = 348 * TS_PACKET;

/** Cuts a datagram into wire-sized ones, as ffmpeg would have sent it (a frame starts a datagram). */
export function wireDatagrams(d: Buffer): Buffer[] {
  if (d.length <= WIRE_DATAGRAM) return [d];
  const out: Buffer[] = [];
  for (let o = 0; o < d.length; o += WIRE_DATAGRAM) out.push(d.subarray(o, o + WIRE_DATAGRAM));
  return out;
}

interface TsHeader {
  pid: number;
  /** payload_unit_start_indicator: a PES or a table section starts in this packet. */
  start: boolean;
  hasPayload: boolean;
  /** Offset of the payload in the datagram. */
  payload: number;
}

function header(d: Buffer, o: number): TsHeader | null {
  if (d[o] !== SYNC) return null;
  const afc = (d[o + 3]! >> 4) & 3;
  const payload = o + 4 + (afc & 2 ? 1 + d[o + 4]! : 0);
  if (payload > o + TS_PACKET) return null;
  return {
    pid: ((d[o + 1]! & 0x1f) << 8) | d[o + 2]!,
    start: (d[o + 1]! & 0x40) !== 0,
    hasPayload: (afc & 1) !== 0 && payload < o + TS_PACKET,
    payload,
  };
}

/** Visits each whole TS packet of a datagram; stops at the first that is not one. */
function* packets(d: Buffer): Generator<[TsHeader, number]> {
  for (let o = 0; o + TS_PACKET <= d.length; o += TS_PACKET) {
    const h = header(d, o);
    if (!h) return;
    yield [h, o];
  }
}

/** A PES without a length (allowed for video longer than 64 KiB) ends only where a datagram does. */
const UNBOUNDED = -1;

/**
 * Follows the PES packets (frames) of one source: after a datagram, `atFrameEnd` tells whether
 * every PES begun so far is complete, i.e. the next byte would start a new frame or a table.
 */
export class FrameBoundary {
  /** Bytes still to come of the PES under way, per PID (0: none under way). */
  readonly #remaining = new Map<number, number>();

  /** `fullDatagram`: the sender's datagram size; a shorter one was flushed at the end of a frame. */
  private readonly fullDatagram: number;

  constructor(fullDatagram = WIRE_DATAGRAM) {
    this.fullDatagram = fullDatagram;
  }

  track(d: Buffer): void {
    let parsed = 0;
    for (const [h, o] of packets(d)) {
      parsed = o + TS_PACKET;
      if (!h.hasPayload) continue;
      const p = h.payload;
      const size = parsed - p;
      if (h.start && size >= 6 && d[p] === 0 && d[p + 1] === 0 && d[p + 2] === 1) {
        const length = d.readUInt16BE(p + 4);
        this.#remaining.set(h.pid, length ? Math.max(0, length + 6 - size) : UNBOUNDED);
      } else if (!h.start) {
        const left = this.#remaining.get(h.pid) ?? 0;
        if (left > 0) this.#remaining.set(h.pid, Math.max(0, left - size));
      }
    }
    // A flushed (short) datagram closes an unbounded PES; so does one we could not parse.
    if (d.length < this.fullDatagram || parsed < d.length) {
      for (const [pid, left] of this.#remaining) if (left === UNBOUNDED) this.#remaining.set(pid, 0);
    }
  }

  get atFrameEnd(): boolean {
    for (const left of this.#remaining.values()) if (left !== 0) return false;
    return true;
  }
}

/**
 * Rewrites the 4-bit continuity counter of every packet so that it runs on per PID whatever
 * source the packet came from: a receiver sees one continuous stream, not a restarted muxer.
 */
export class ContinuityCounters {
  readonly #last = new Map<number, number>();

  rewrite(d: Buffer): void {
    for (const [h, o] of packets(d)) {
      if (h.pid === NULL_PID) continue;
      const last = this.#last.get(h.pid);
      const cc = last === undefined ? d[o + 3]! & 0x0f : h.hasPayload ? (last + 1) & 0x0f : last;
      d[o + 3] = (d[o + 3]! & 0xf0) | cc;
      this.#last.set(h.pid, cc);
    }
  }
}

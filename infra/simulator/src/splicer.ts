/**
 * Make-before-break for one output stream of a camera (its main or its substream). The camera's
 * encoders are numbered sources; the splicer forwards the active one and, once the newest one
 * sends its first datagram (which opens with PAT/PMT and a key frame), switches to it between
 * two frames of the old one. The old source can then be stopped: the receiver saw no gap.
 */
import { ContinuityCounters, FrameBoundary, WIRE_DATAGRAM } from './mpegts.ts';

/** How long a pending switch waits for the old source to finish its frame (a frame is one burst). */
export const MAX_SPLICE_WAIT_MS = 50;
/** Datagrams of the new source held at most while the old one finishes its frame (~0.7 MB). */
const MAX_QUEUE = 512;

export class Splicer {
  readonly #send: (datagram: Buffer) => void;
  readonly #now: () => number;
  readonly #cc = new ContinuityCounters();
  readonly #sources = new Map<number, FrameBoundary>();
  #active: number | null = null;
  #next: number | null = null;
  #queue: Buffer[] = [];
  #waitingSince = 0;

  readonly #fullDatagram: number;

  /** `fullDatagram`: the size of the sources' datagrams (their `pkt_size`). */
  constructor(send: (datagram: Buffer) => void, now: () => number = Date.now, fullDatagram = WIRE_DATAGRAM) {
    this.#send = send;
    this.#now = now;
    this.#fullDatagram = fullDatagram;
  }

  /** A new source has sent and waits for the old one to finish its frame (see poll). */
  get pending(): boolean {
    return this.#queue.length > 0;
  }

  /** The source whose datagrams go out, or null (cut, or not started yet). */
  get active(): number | null {
    return this.#active;
  }

  /** Registers a new source that takes over as soon as it sends. */
  open(source: number): void {
    this.#sources.set(source, new FrameBoundary(this.#fullDatagram));
    this.#next = source;
    this.#queue = [];
  }

  /** Forgets a source (its encoder stopped); if it was active, nothing goes out until the next one. */
  close(source: number): void {
    this.#sources.delete(source);
    if (this.#active === source) this.#active = null;
    if (this.#next === source) {
      this.#next = null;
      this.#queue = [];
    }
  }

  /** Stops sending at once; only a source opened later is forwarded. */
  cut(): void {
    this.#active = null;
    this.#next = null;
    this.#queue = [];
  }

  /** Handles a datagram from `source`; returns true when it made `source` the active one. */
  receive(source: number, datagram: Buffer): boolean {
    const frames = this.#sources.get(source);
    if (!frames) return false;
    frames.track(datagram);
    if (source === this.#active) {
      this.#out(datagram);
      return this.#queue.length > 0 && frames.atFrameEnd && this.#switch();
    }
    if (source !== this.#next) return false;
    this.#queue.push(datagram);
    if (this.#queue.length === 1) this.#waitingSince = this.#now();
    const current = this.#active === null ? undefined : this.#sources.get(this.#active);
    return (!current || current.atFrameEnd || this.#queue.length >= MAX_QUEUE) && this.#switch();
  }

  /** Switches anyway when the old source stalled in the middle of a frame; true when it did. */
  poll(): boolean {
    return this.#queue.length > 0 && this.#now() - this.#waitingSince >= MAX_SPLICE_WAIT_MS && this.#switch();
  }

  #switch(): true {
    this.#active = this.#next;
    this.#next = null;
    const queued = this.#queue;
    this.#queue = [];
    for (const d of queued) this.#out(d);
    return true;
  }

  #out(datagram: Buffer): void {
    this.#cc.rewrite(datagram);
    this.#send(datagram);
  }
}

import { createSocket } from 'node:dgram';
import { SfuError } from '../errors.ts';

/** Can a UDP socket bind this port on this address right now? */
export function udpPortFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket(ip.includes(':') ? 'udp6' : 'udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, ip, () => s.close(() => resolve(true)));
  });
}

/**
 * Hands out RTP/RTCP port pairs (even port, next odd port) for tap receivers from a fixed range,
 * round-robin so a just-released pair is not reused at once (a late packet of the old stream must
 * not reach the new receiver). A pair is only handed out when both ports can be bound now.
 */
export class TapPortAllocator {
  readonly ip: string;
  readonly minPort: number;
  readonly maxPort: number;
  readonly #used = new Set<number>();
  #next: number;

  constructor(ip: string, minPort: number, maxPort: number) {
    if (!Number.isInteger(minPort) || !Number.isInteger(maxPort) || minPort < 1024 || maxPort > 65535) {
      throw new TypeError(`tap ports must be integers in 1024-65535, got ${minPort}-${maxPort}`);
    }
    const first = minPort % 2 === 0 ? minPort : minPort + 1;
    if (first + 1 > maxPort) throw new TypeError(`tap port range ${minPort}-${maxPort} holds no even/odd pair`);
    this.ip = ip;
    this.minPort = first;
    this.maxPort = maxPort;
    this.#next = first;
  }

  /** Pairs the range holds. */
  get capacity(): number {
    return Math.floor((this.maxPort - this.minPort + 1) / 2);
  }

  get inUse(): number {
    return this.#used.size;
  }

  /** The RTP port of a free pair (RTCP is the next port). */
  async take(): Promise<number> {
    for (let tried = 0; tried < this.capacity; tried++) {
      const port = this.#next;
      this.#next = port + 3 > this.maxPort ? this.minPort : port + 2;
      if (this.#used.has(port)) continue;
      this.#used.add(port);
      const free = (await udpPortFree(this.ip, port)) && (await udpPortFree(this.ip, port + 1));
      if (free) return port;
      this.#used.delete(port);
    }
    throw new SfuError('unavailable', `no free tap port pair in ${this.minPort}-${this.maxPort} on ${this.ip}`);
  }

  release(port: number): void {
    this.#used.delete(port);
  }
}

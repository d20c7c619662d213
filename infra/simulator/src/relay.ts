/**
 * The fleet's side of its UDP relay (relayWorker.ts, a worker thread): camera encoders send to
 * internal ports, the relay forwards one encoder per camera to the camera's public targets and
 * switches to a new encoder between two frames, so a mode switch leaves no gap on the wire.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Worker } from 'node:worker_threads';
import { RELAY_DATAGRAM } from './mpegts.ts';
import type { RelayEvent, RelayRequest, StreamName, UdpTarget } from './relayMessages.ts';

export type { StreamName, UdpTarget };

/** Resolves a `udp://host:port[?options]` URL (options are for ffmpeg; the relay ignores them). */
export async function udpTarget(url: string): Promise<UdpTarget> {
  const u = new URL(url);
  const port = Number(u.port);
  if (u.protocol !== 'udp:' || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new TypeError(`not a udp://host:port URL: ${url}`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return { host, port, family: isIP(host) === 6 ? 6 : 4 };
  const { address, family } = await lookup(host);
  return { host: address, port, family: family === 6 ? 6 : 4 };
}

/** Where an encoder sends its streams, and whether it went on air (false: closed before it did). */
export interface OpenedSource {
  urls: Record<StreamName, string>;
  live: Promise<boolean>;
}

const internalUrl = (port: number) => `udp://127.0.0.1:${port}?pkt_size=${RELAY_DATAGRAM}`;

export class Relay {
  readonly #worker: Worker;
  readonly #requests = new Map<
    number,
    { resolve: (p: Record<StreamName, number>) => void; reject: (e: Error) => void }
  >();
  readonly #waiters = new Map<string, (live: boolean) => void>();
  #nextId = 1;
  #failure: Error | null = null;

  private constructor(worker: Worker, log: (line: string) => void) {
    this.#worker = worker;
    worker.on('message', (e: RelayEvent) => this.#onEvent(e));
    worker.on('error', (err) => {
      this.#fail(err);
      log(`UDP relay failed, cameras send nothing: ${err.message}`);
    });
    worker.on('exit', () => this.#fail(new Error('the UDP relay has stopped')));
  }

  static async start(log: (line: string) => void): Promise<Relay> {
    const worker = new Worker(new URL('./relayWorker.ts', import.meta.url), { name: 'sim-udp-relay' });
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve);
      worker.once('error', reject);
    });
    // The relay never keeps a process alive by itself (the encoders and the API do).
    worker.unref();
    return new Relay(worker, log);
  }

  addCamera(camera: string, targets: Record<StreamName, UdpTarget>): void {
    this.#post({ op: 'add', camera, targets });
  }

  /** Binds internal ports for a camera's new encoder, which takes over once it sends. */
  open(camera: string, source: number): Promise<OpenedSource> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const live = new Promise<boolean>((resolve) => this.#waiters.set(key(camera, source), resolve));
    const ports = new Promise<Record<StreamName, number>>((resolve, reject) =>
      this.#requests.set(id, { resolve, reject }),
    );
    this.#post({ op: 'open', id, camera, source });
    return ports.then(
      (p) => ({ urls: { main: internalUrl(p.main), sub: internalUrl(p.sub) }, live }),
      (err: unknown) => {
        this.#settle(key(camera, source), false);
        throw err;
      },
    );
  }

  /** Forgets an encoder that has stopped or been replaced. */
  close(camera: string, source: number): void {
    this.#settle(key(camera, source), false);
    this.#post({ op: 'close', camera, source });
  }

  /** Stops forwarding the camera at once (`cut`). */
  cut(camera: string): void {
    this.#post({ op: 'cut', camera });
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }

  #post(m: RelayRequest): void {
    if (!this.#failure) this.#worker.postMessage(m);
  }

  #onEvent(e: RelayEvent): void {
    if (e.op === 'live') {
      this.#settle(key(e.camera, e.source), true);
      return;
    }
    const request = this.#requests.get(e.id);
    this.#requests.delete(e.id);
    if (e.op === 'opened') request?.resolve(e.ports);
    else request?.reject(new Error(e.message));
  }

  #settle(k: string, live: boolean): void {
    this.#waiters.get(k)?.(live);
    this.#waiters.delete(k);
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const r of this.#requests.values()) r.reject(err);
    this.#requests.clear();
    for (const k of [...this.#waiters.keys()]) this.#settle(k, false);
  }
}

const key = (camera: string, source: number) => `${camera}\u0000${source}`;

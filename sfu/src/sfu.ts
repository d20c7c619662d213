import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Camera, CameraStatus, StreamKind } from '@clinicwall/contract';
import { CameraFeed } from './cameraFeed.ts';
import type { SfuConfig } from './config.ts';
import { InvalidStateError, SfuError } from './errors.ts';
import { CameraIngest } from './ingest/cameraIngest.ts';
import type { SupervisorSnapshot } from './ingest/supervisor.ts';
import { Peer } from './peer.ts';
import { ProducerPipes } from './pipes.ts';
import { TapPortAllocator } from './taps/portAllocator.ts';
import { Tap } from './taps/tap.ts';
import { WorkerPool } from './workerPool.ts';

export interface IngestStatus {
  cameraId: string;
  streams: Record<StreamKind, SupervisorSnapshot>;
}

/**
 * The SFU: worker pool, one feed per camera, supervised ingest of IP cameras, a liveness loop over
 * every producer (watched or not), and peers for browsers.
 */
export class Sfu extends EventEmitter<{ cameraStatus: [CameraStatus] }> {
  readonly config: SfuConfig;
  readonly pool: WorkerPool;
  readonly #pipes = new ProducerPipes();
  readonly #feeds = new Map<string, CameraFeed>();
  readonly #ingests = new Map<string, CameraIngest>();
  readonly #peers = new Set<Peer>();
  readonly #taps = new Set<Tap>();
  readonly #tapPorts: TapPortAllocator;
  #timer: NodeJS.Timeout | null = null;
  #polling = false;
  #closed = false;

  private constructor(config: SfuConfig, pool: WorkerPool) {
    super();
    this.config = config;
    this.pool = pool;
    this.#tapPorts = new TapPortAllocator(config.tapIp, config.tapMinPort, config.tapMaxPort);
  }

  static async start(config: SfuConfig, cameras: Camera[] = []): Promise<Sfu> {
    const pool = await WorkerPool.create(config);
    const sfu = new Sfu(config, pool);
    pool.on('routerReplaced', () => {
      for (const ingest of sfu.#ingests.values()) ingest.restartNow();
    });
    for (const camera of cameras) sfu.addCamera(camera);
    sfu.#timer = setInterval(() => void sfu.#pollLiveness(), config.livenessPollMs);
    sfu.#timer.unref();
    return sfu;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.pool.routers[0]!.rtpCapabilities;
  }

  addCamera(camera: Camera): void {
    if (this.#feeds.has(camera.id)) throw new SfuError('conflict', `camera ${camera.id} already exists`);
    const feed = new CameraFeed(camera.id, {
      noSignalAfterMs: this.config.noSignalAfterMs,
      startupGraceMs: this.config.startupGraceMs,
    });
    feed.on('status', (s) => this.emit('cameraStatus', s));
    this.#feeds.set(camera.id, feed);
    if (camera.source.kind === 'ingest') {
      const ingest = new CameraIngest({
        camera,
        feed,
        router: () => this.pool.routerForKey(camera.id),
        ingestIp: this.config.ingestIp,
        ffmpegPath: this.config.ffmpegPath,
      });
      this.#ingests.set(camera.id, ingest);
      ingest.start();
    }
  }

  removeCamera(cameraId: string): void {
    for (const tap of [...this.#taps]) if (tap.cameraId === cameraId) tap.close();
    this.#ingests.get(cameraId)?.stop();
    this.#ingests.delete(cameraId);
    const feed = this.#feeds.get(cameraId);
    if (!feed) return;
    for (const p of feed.producers()) p.close();
    this.#feeds.delete(cameraId);
  }

  feed(cameraId: string): CameraFeed | undefined {
    return this.#feeds.get(cameraId);
  }

  cameraStatuses(): CameraStatus[] {
    return [...this.#feeds.values()].map((f) => f.status);
  }

  ingestStatuses(): IngestStatus[] {
    return [...this.#ingests.values()].map((i) => ({ cameraId: i.cameraId, streams: i.streams() }));
  }

  createPeer(id: string): Peer {
    const peer = new Peer(id, {
      config: this.config,
      pool: this.pool,
      pipes: this.#pipes,
      feed: (cameraId) => this.#feeds.get(cameraId),
      attachPublisher: (feed, producer, router) => this.#attachPublisher(feed, producer, router),
    });
    this.#peers.add(peer);
    peer.once('close', () => this.#peers.delete(peer));
    return peer;
  }

  /**
   * A plain-RTP copy of a camera stream to a local UDP port (sentinel decoder, recorder), with the
   * SDP a receiver needs. The tap follows the camera's producer as it is replaced; a camera without
   * signal gives a tap that waits. Closed with the camera or the SFU.
   */
  async openTap(cameraId: string, stream: StreamKind = 'sub'): Promise<Tap> {
    if (this.#closed) throw new InvalidStateError('Sfu closed');
    if (stream !== 'main' && stream !== 'sub') throw new TypeError(`stream must be main or sub, got ${String(stream)}`);
    const feed = this.#feeds.get(cameraId);
    if (!feed) throw new SfuError('not_found', `camera ${cameraId} does not exist`);
    const port = await this.#tapPorts.take();
    let tap: Tap;
    try {
      tap = await Tap.open({
        feed,
        stream,
        ip: this.config.tapIp,
        port,
        onClose: () => this.#tapPorts.release(port),
      });
    } catch (error) {
      this.#tapPorts.release(port);
      throw error;
    }
    if (this.#closed || this.#feeds.get(cameraId) !== feed) {
      tap.close();
      throw new SfuError('not_found', `camera ${cameraId} was removed`);
    }
    this.#taps.add(tap);
    tap.once('close', () => this.#taps.delete(tap));
    return tap;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const tap of [...this.#taps]) tap.close();
    for (const i of this.#ingests.values()) i.stop();
    for (const p of [...this.#peers]) p.close();
    this.pool.close();
  }

  #attachPublisher(feed: CameraFeed, producer: types.Producer, router: types.Router): void {
    // The newest publisher of a camera wins (a clinic reloading its page replaces its old stream).
    for (const old of feed.producers()) if (old !== producer) old.close();
    const layers = producer.rtpParameters.encodings?.length ?? 1;
    feed.setStream('main', { producer, router, spatialLayer: layers > 1 ? layers - 1 : null });
    feed.setStream('sub', { producer, router, spatialLayer: layers > 1 ? 0 : null });
  }

  async #pollLiveness(): Promise<void> {
    // A slow round (many cameras, busy workers) must not overlap the next one.
    if (this.#polling) return;
    this.#polling = true;
    try {
      await this.#pollRound();
    } finally {
      this.#polling = false;
    }
  }

  async #pollRound(): Promise<void> {
    const now = Date.now();
    await Promise.all(
      [...this.#feeds.values()].map(async (feed) => {
        for (const producer of feed.producers()) {
          if (producer.closed) continue;
          try {
            const stats = await producer.getStats();
            feed.observeBytes(
              producer.id,
              stats.reduce((n, s) => n + s.byteCount, 0),
              now,
            );
          } catch {
            // producer closed while asking: the next tick sees it gone
          }
        }
        feed.tick(Date.now());
      }),
    );
  }
}

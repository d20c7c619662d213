import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { ConsumerDto, StreamKind, TransportOptionsDto } from '@clinicwall/contract';
import type { CameraFeed } from './cameraFeed.ts';
import type { SfuConfig } from './config.ts';
import { InvalidStateError, SfuError } from './errors.ts';
import type { ProducerPipes } from './pipes.ts';
import type { WorkerPool } from './workerPool.ts';

interface ConsumerEntry {
  consumer: types.Consumer;
  cameraId: string;
  stream: StreamKind;
}

interface ProducerEntry {
  producer: types.Producer;
  cameraId: string;
}

export interface PeerDeps {
  config: SfuConfig;
  pool: WorkerPool;
  pipes: ProducerPipes;
  feed: (cameraId: string) => CameraFeed | undefined;
  /** Called when this peer publishes a camera (WebRTC publisher). */
  attachPublisher: (feed: CameraFeed, producer: types.Producer, router: types.Router) => void;
}

export interface ConsumedClosed {
  consumerId: string;
  cameraId: string;
  reason: string;
}

/** A producer of this peer closed by the SFU (a newer publisher took the camera over, the camera was removed, its transport went away). */
export interface ProducedClosed {
  producerId: string;
  cameraId: string;
}

/**
 * One browser connection: its WebRTC transports (all on one router, chosen by load), the consumers
 * of the cameras it shows and, for a clinic publisher, its producers. close() releases everything.
 * A consumer or producer that ends otherwise than by closeConsumer / closeProducer / close is
 * announced (consumerClosed, producerClosed).
 */
export class Peer extends EventEmitter<{
  consumerClosed: [ConsumedClosed];
  producerClosed: [ProducedClosed];
  close: [];
}> {
  readonly id: string;
  readonly #deps: PeerDeps;
  #router: types.Router | null = null;
  readonly #transports = new Map<string, types.WebRtcTransport>();
  readonly #consumers = new Map<string, ConsumerEntry>();
  readonly #producers = new Map<string, ProducerEntry>();
  #closed = false;

  constructor(id: string, deps: PeerDeps) {
    super();
    this.id = id;
    this.#deps = deps;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Cameras this peer currently consumes (for audit and scope checks). */
  consumedCameras(): string[] {
    return [...new Set([...this.#consumers.values()].map((c) => c.cameraId))];
  }

  /** The producers this peer currently publishes, with their cameras. */
  producers(): ProducedClosed[] {
    return [...this.#producers.values()].map((p) => ({ producerId: p.producer.id, cameraId: p.cameraId }));
  }

  async createTransport(direction: 'recv' | 'send'): Promise<TransportOptionsDto> {
    this.#assertOpen();
    if (!this.#router || this.#router.closed) {
      this.#router = this.#deps.pool.takeViewerRouter();
    }
    const router = this.#router;
    const { config } = this.#deps;
    const transport = await router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ip: config.listenIp, announcedAddress: config.announcedAddress },
        { protocol: 'tcp', ip: config.listenIp, announcedAddress: config.announcedAddress },
      ],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { peerId: this.id, direction },
    });
    this.#transports.set(transport.id, transport);
    transport.observer.once('close', () => this.#transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
      iceServers: config.iceServers,
    };
  }

  async connectTransport(transportId: string, dtlsParameters: unknown): Promise<void> {
    const transport = this.#transport(transportId);
    await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
  }

  async consume(req: {
    transportId: string;
    cameraId: string;
    stream: StreamKind;
    rtpCapabilities: unknown;
  }): Promise<ConsumerDto> {
    const transport = this.#transport(req.transportId);
    const feed = this.#deps.feed(req.cameraId);
    if (!feed) throw new SfuError('not_found', `camera ${req.cameraId} does not exist`);
    const source = feed.stream(req.stream);
    if (!source) throw new SfuError('unavailable', `camera ${req.cameraId} has no signal on its ${req.stream} stream`);
    const router = this.#router!;
    await this.#deps.pipes.ensure(source.producer, source.router, router);
    const rtpCapabilities = req.rtpCapabilities as types.RtpCapabilities;
    if (!router.canConsume({ producerId: source.producer.id, rtpCapabilities })) {
      throw new SfuError('invalid_argument', 'this browser cannot decode the camera codec');
    }
    const consumer = await transport.consume({
      producerId: source.producer.id,
      rtpCapabilities,
      paused: true,
      ...(source.spatialLayer !== null ? { preferredLayers: { spatialLayer: source.spatialLayer } } : {}),
      appData: { cameraId: req.cameraId, stream: req.stream },
    });
    const entry: ConsumerEntry = { consumer, cameraId: req.cameraId, stream: req.stream };
    this.#consumers.set(consumer.id, entry);
    const ended = (reason: string) => {
      if (!this.#consumers.delete(consumer.id)) return;
      this.emit('consumerClosed', { consumerId: consumer.id, cameraId: req.cameraId, reason });
    };
    consumer.on('producerclose', () => ended('camera stream ended'));
    consumer.on('transportclose', () => ended('transport closed'));
    return {
      consumerId: consumer.id,
      producerId: source.producer.id,
      cameraId: req.cameraId,
      stream: req.stream,
      kind: 'video',
      rtpParameters: consumer.rtpParameters,
    };
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    const { consumer } = this.#consumer(consumerId);
    await consumer.resume();
    await consumer.requestKeyFrame().catch(() => undefined);
  }

  async pauseConsumer(consumerId: string): Promise<void> {
    await this.#consumer(consumerId).consumer.pause();
  }

  closeConsumer(consumerId: string): void {
    const entry = this.#consumer(consumerId);
    this.#consumers.delete(consumerId);
    entry.consumer.close();
  }

  async produce(req: { transportId: string; cameraId: string; rtpParameters: unknown }): Promise<string> {
    const transport = this.#transport(req.transportId);
    const feed = this.#deps.feed(req.cameraId);
    if (!feed) throw new SfuError('not_found', `camera ${req.cameraId} does not exist`);
    const producer = await transport.produce({
      kind: 'video',
      rtpParameters: req.rtpParameters as types.RtpParameters,
      appData: { cameraId: req.cameraId, peerId: this.id },
    });
    this.#producers.set(producer.id, { producer, cameraId: req.cameraId });
    producer.observer.once('close', () => {
      if (!this.#producers.delete(producer.id) || this.#closed) return;
      this.emit('producerClosed', { producerId: producer.id, cameraId: req.cameraId });
    });
    this.#deps.attachPublisher(feed, producer, this.#router!);
    return producer.id;
  }

  /** Stops publishing one producer (its camera then has no signal until someone publishes it again). */
  closeProducer(producerId: string): void {
    this.#assertOpen();
    const entry = this.#producers.get(producerId);
    if (!entry) throw new SfuError('not_found', `producer ${producerId} not found`);
    this.#producers.delete(producerId);
    entry.producer.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#transports.values()) t.close();
    this.#transports.clear();
    this.#consumers.clear();
    this.#producers.clear();
    if (this.#router) this.#deps.pool.releaseViewerRouter(this.#router);
    this.#router = null;
    this.emit('close');
  }

  #transport(id: string): types.WebRtcTransport {
    this.#assertOpen();
    const t = this.#transports.get(id);
    if (!t) throw new SfuError('not_found', `transport ${id} not found`);
    return t;
  }

  #consumer(id: string): ConsumerEntry {
    this.#assertOpen();
    const c = this.#consumers.get(id);
    if (!c) throw new SfuError('not_found', `consumer ${id} not found`);
    return c;
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidStateError('Peer closed');
  }
}

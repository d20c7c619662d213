import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { StreamKind } from '@clinicwall/contract';
import type { CameraFeed } from '../cameraFeed.ts';
import { InvalidStateError } from '../errors.ts';
import { tapSdp } from './sdp.ts';

/** The RTP a tap currently sends to its receiver. */
export interface TapStream {
  producerId: string;
  /** SSRC of the RTP the receiver gets now: a new producer means a new SSRC and sequence. */
  ssrc: number;
  codec: types.RtpCodecParameters;
  /** SDP for the receiver (the same text as before unless the codec changed). */
  sdp: string;
  /** The codec changed, so a receiver started with the previous SDP must be restarted. */
  sdpChanged: boolean;
}

export interface TapOptions {
  feed: CameraFeed;
  stream: StreamKind;
  /** Where the receiver listens: RTP on `port`, RTCP on `port + 1`. */
  ip: string;
  port: number;
  /** Called once when the tap closes (gives the port pair back). */
  onClose?: () => void;
}

/** Router codecs a tap consumes with: no RTX (plain receivers do not ask for retransmissions). */
function tapCapabilities(router: types.Router): types.RtpCapabilities {
  return {
    codecs: (router.rtpCapabilities.codecs ?? []).filter((c) => !/\/rtx$/i.test(c.mimeType)),
    headerExtensions: [],
  };
}

/**
 * A plain-RTP copy of one camera stream, sent to a local UDP port for ffmpeg (sentinel decoder,
 * recorder): a PlainTransport + Consumer on the camera's router. The tap follows the camera: when
 * its producer is replaced (ingest restart, publisher reload, worker replaced) the tap consumes
 * the new one and emits `stream`; when the camera has no producer it emits `stream` with null and
 * waits. The receiver's address and SDP stay the same unless the codec changes.
 */
export class Tap extends EventEmitter<{ stream: [TapStream | null]; close: [] }> {
  readonly cameraId: string;
  readonly stream: StreamKind;
  readonly ip: string;
  readonly port: number;
  readonly #feed: CameraFeed;
  readonly #onClose: (() => void) | undefined;
  readonly #onProducerChanged: (stream: StreamKind) => void;
  #transport: types.PlainTransport | null = null;
  #consumer: types.Consumer | null = null;
  #current: TapStream | null = null;
  #sdp: string | null = null;
  #lastError: string | null = null;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(o: TapOptions) {
    super();
    this.cameraId = o.feed.cameraId;
    this.stream = o.stream;
    this.ip = o.ip;
    this.port = o.port;
    this.#feed = o.feed;
    this.#onClose = o.onClose;
    this.#onProducerChanged = (stream) => {
      if (stream === this.stream) this.#schedule();
    };
  }

  /** Opens a tap; resolves once it consumes the camera's current producer (if it has one). */
  static async open(o: TapOptions): Promise<Tap> {
    const tap = new Tap(o);
    o.feed.on('producerChanged', tap.#onProducerChanged);
    tap.#schedule();
    await tap.#chain;
    return tap;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get rtcpPort(): number {
    return this.port + 1;
  }

  /** What the receiver gets now, or null while the camera has no producer. */
  get current(): TapStream | null {
    return this.#current;
  }

  /** SDP of the stream (kept while the camera is away), null until a producer was first consumed. */
  get sdp(): string | null {
    return this.#sdp;
  }

  /** Why following the last producer failed, if it did (cleared by the next success). */
  get lastError(): string | null {
    return this.#lastError;
  }

  /** Asks the camera for a key frame (a receiver just started). Cameras pushing with `copy` ignore it. */
  async requestKeyFrame(): Promise<void> {
    if (this.#closed) throw new InvalidStateError('Tap closed');
    const consumer = this.#consumer;
    if (consumer && !consumer.closed) await consumer.requestKeyFrame().catch(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#feed.off('producerChanged', this.#onProducerChanged);
    this.#consumer?.close();
    this.#transport?.close();
    this.#consumer = null;
    this.#transport = null;
    this.#current = null;
    this.#onClose?.();
    this.emit('close');
  }

  /** Follow-ups run one at a time and always look at the feed's latest producer. */
  #schedule(): void {
    this.#chain = this.#chain.then(() => this.#follow());
  }

  async #follow(): Promise<void> {
    if (this.#closed) return;
    const source = this.#feed.stream(this.stream);
    if (source && this.#current?.producerId === source.producer.id && !this.#consumer?.closed) return;
    this.#consumer?.close();
    this.#consumer = null;
    if (!source || source.producer.closed) {
      if (this.#current) {
        this.#current = null;
        this.emit('stream', null);
      }
      return;
    }
    try {
      const consumer = await this.#consume(source.router, source.producer, source.spatialLayer);
      if (this.#closed || this.#feed.stream(this.stream)?.producer !== source.producer) {
        consumer.close();
        if (!this.#closed) this.#schedule();
        return;
      }
      this.#consumer = consumer;
      const codec = consumer.rtpParameters.codecs[0]!;
      const sdp = tapSdp({
        kind: consumer.kind,
        ip: this.ip,
        rtpPort: this.port,
        codec,
        name: `ClinicWall tap ${this.cameraId} ${this.stream}`,
      });
      const sdpChanged = this.#sdp !== null && this.#sdp !== sdp;
      this.#sdp = sdp;
      this.#lastError = null;
      this.#current = {
        producerId: source.producer.id,
        ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0,
        codec,
        sdp,
        sdpChanged,
      };
      // The producer closing (or its router dying) is announced by the feed; only a consumer that
      // ends on its own (transport closed with a dead worker) needs a look here.
      consumer.observer.once('close', () => {
        if (this.#consumer === consumer) this.#schedule();
      });
      this.emit('stream', this.#current);
      await consumer.requestKeyFrame().catch(() => undefined);
    } catch (error) {
      // The producer or its router went away meanwhile: the feed announces what comes next.
      this.#lastError = error instanceof Error ? error.message : String(error);
      if (this.#current) {
        this.#current = null;
        this.emit('stream', null);
      }
    }
  }

  async #consume(router: types.Router, producer: types.Producer, spatialLayer: number | null): Promise<types.Consumer> {
    let transport = this.#transport;
    if (!transport || transport.closed || transport.appData.routerId !== router.id) {
      transport?.close();
      transport = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: this.ip },
        rtcpMux: false,
        comedia: false,
        appData: { routerId: router.id, cameraId: this.cameraId, stream: this.stream, tap: true },
      });
      if (this.#closed) {
        transport.close();
        throw new InvalidStateError('Tap closed');
      }
      this.#transport = transport;
      await transport.connect({ ip: this.ip, port: this.port, rtcpPort: this.rtcpPort });
    }
    return transport.consume({
      producerId: producer.id,
      rtpCapabilities: tapCapabilities(router),
      ...(spatialLayer !== null ? { preferredLayers: { spatialLayer } } : {}),
      appData: { cameraId: this.cameraId, stream: this.stream, tap: true },
    });
  }
}

import type { Device, types } from 'mediasoup-client';
import type { ClientEvent, StreamKind } from '@clinicwall/contract';
import { RequestError, request, type AppSocket, type RequestPayload, type RequestResult } from '../socket.ts';
import { loadDevice, opaque, transportOptions } from './device.ts';
import { watchTransport, type LinkHealth } from './linkWatch.ts';

export interface RecvSessionEvents {
  onHealth(session: RecvSession, health: LinkHealth): void;
  onFailed(session: RecvSession, reason: string): void;
}

/**
 * The wall's media link for one socket connection: a loaded Device and one receive transport.
 * Closing it (socket gone, transport failed) fails every request still in flight at once, so tiles
 * never wait on answers meant for a peer the server already dropped.
 */
export class RecvSession {
  readonly #socket: AppSocket;
  readonly #device: Device;
  readonly #transport: types.Transport;
  readonly #unwatch: () => void;
  readonly #aborters = new Set<(e: Error) => void>();
  #closed = false;

  private constructor(socket: AppSocket, device: Device, transport: types.Transport, events: RecvSessionEvents) {
    this.#socket = socket;
    this.#device = device;
    this.#transport = transport;
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.#call('rtc:connectTransport', { transportId: transport.id, dtlsParameters: opaque(dtlsParameters) })
        .then(() => callback())
        .catch((e: Error) => errback(e));
    });
    this.#unwatch = watchTransport(
      transport,
      (h) => !this.#closed && events.onHealth(this, h),
      (why) => !this.#closed && events.onFailed(this, why),
    );
  }

  static async open(socket: AppSocket, events: RecvSessionEvents): Promise<RecvSession> {
    const device = await loadDevice(socket);
    const dto = await request(socket, 'rtc:createTransport', { direction: 'recv' });
    const transport = device.createRecvTransport(transportOptions(dto));
    return new RecvSession(socket, device, transport, events);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** WebRTC statistics of the receive transport (inbound-rtp per consumer track). */
  getStats(): Promise<RTCStatsReport> {
    return this.#transport.getStats();
  }

  /**
   * Asks the SFU for a consumer (created paused there) and creates it locally. The caller resumes it
   * once its track is attached. Rejects with RequestError code 'unavailable' when the camera has no
   * producer for that stream right now.
   */
  async consume(cameraId: string, stream: StreamKind): Promise<types.Consumer> {
    const dto = await this.#call('rtc:consume', {
      transportId: this.#transport.id,
      cameraId,
      stream,
      rtpCapabilities: opaque(this.#device.recvRtpCapabilities),
    });
    try {
      return await this.#transport.consume({
        id: dto.consumerId,
        producerId: dto.producerId,
        kind: dto.kind,
        rtpParameters: dto.rtpParameters as types.RtpParameters,
        appData: { cameraId, stream },
      });
    } catch (error) {
      void this.#call('rtc:closeConsumer', { consumerId: dto.consumerId }).catch(() => undefined);
      throw error;
    }
  }

  async resume(consumerId: string): Promise<void> {
    await this.#call('rtc:resumeConsumer', { consumerId });
  }

  async pause(consumerId: string): Promise<void> {
    await this.#call('rtc:pauseConsumer', { consumerId });
  }

  /** Closes a consumer here and on the server (ignoring a server that already closed it). */
  closeConsumer(consumer: types.Consumer): void {
    if (!consumer.closed) consumer.close();
    if (!this.#closed) void this.#call('rtc:closeConsumer', { consumerId: consumer.id }).catch(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unwatch();
    const aborted = new RequestError('disconnected', 'session closed');
    for (const abort of this.#aborters) abort(aborted);
    this.#aborters.clear();
    if (!this.#transport.closed) this.#transport.close();
  }

  #call<E extends ClientEvent>(event: E, payload: RequestPayload<E>): Promise<RequestResult<E>> {
    if (this.#closed) return Promise.reject(new RequestError('disconnected', 'session closed'));
    return new Promise((resolve, reject) => {
      const abort = (e: Error) => reject(e);
      this.#aborters.add(abort);
      request(this.#socket, event, payload).then(
        (v) => {
          this.#aborters.delete(abort);
          resolve(v);
        },
        (e: unknown) => {
          this.#aborters.delete(abort);
          reject(e);
        },
      );
    });
  }
}

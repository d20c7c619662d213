import type { types } from 'mediasoup-client';
import { request, type AppSocket } from '../socket.ts';
import { loadDevice, opaque, transportOptions } from './device.ts';
import { watchTransport } from './linkWatch.ts';
import { PUBLISH_ENCODINGS } from './simulcast.ts';

/**
 * A clinic webcam's link for one socket connection: a send transport and one simulcast producer.
 * The capture track is not stopped on close, so a reconnect can publish it again.
 */
export class SendSession {
  readonly #transport: types.Transport;
  readonly #producer: types.Producer;
  readonly #unwatch: () => void;
  #closed = false;

  private constructor(transport: types.Transport, producer: types.Producer, unwatch: () => void) {
    this.#transport = transport;
    this.#producer = producer;
    this.#unwatch = unwatch;
  }

  static async open(
    socket: AppSocket,
    cameraId: string,
    track: MediaStreamTrack,
    onFailed: (reason: string) => void,
  ): Promise<SendSession> {
    const device = await loadDevice(socket);
    if (!device.canProduce('video')) throw new Error('this browser cannot send video to the SFU');
    const dto = await request(socket, 'rtc:createTransport', { direction: 'send' });
    const transport = device.createSendTransport(transportOptions(dto));
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      request(socket, 'rtc:connectTransport', { transportId: transport.id, dtlsParameters: opaque(dtlsParameters) })
        .then(() => callback())
        .catch((e: Error) => errback(e));
    });
    transport.on('produce', ({ rtpParameters }, callback, errback) => {
      request(socket, 'rtc:produce', {
        transportId: transport.id,
        cameraId,
        kind: 'video',
        rtpParameters: opaque(rtpParameters),
      })
        .then(({ producerId }) => callback({ id: producerId }))
        .catch((e: Error) => errback(e));
    });
    let failed = false;
    const unwatch = watchTransport(
      transport,
      () => undefined,
      (why) => {
        if (!failed) onFailed(why);
        failed = true;
      },
    );
    try {
      const producer = await transport.produce({
        track,
        encodings: PUBLISH_ENCODINGS.map((e) => ({ ...e })),
        codecOptions: { videoGoogleStartBitrate: 600 },
        stopTracks: false,
        appData: { cameraId },
      });
      return new SendSession(transport, producer, unwatch);
    } catch (error) {
      unwatch();
      transport.close();
      throw error;
    }
  }

  get producerId(): string {
    return this.#producer.id;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unwatch();
    if (!this.#producer.closed) this.#producer.close();
    if (!this.#transport.closed) this.#transport.close();
  }
}

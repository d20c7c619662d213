import { z } from 'zod';
import {
  ConnectTransportRequest,
  ConsumeRequest,
  ConsumerRequest,
  CreateTransportRequest,
  ProduceRequest,
} from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import { handle, type AppSocket } from './handle.ts';

const Empty = z.object({}).strict();

/** WebRTC signalling for one socket: one SFU peer per connection, closed on disconnect. */
export function registerMediaHandlers(socket: AppSocket, sfu: Sfu): void {
  const peer = sfu.createPeer(socket.id);
  peer.on('consumerClosed', (e) => socket.emit('consumer:closed', e));
  socket.on('disconnect', () => peer.close());

  handle(socket, 'rtc:capabilities', Empty, () => ({ routerRtpCapabilities: sfu.rtpCapabilities }));
  handle(socket, 'rtc:createTransport', CreateTransportRequest, (p) => peer.createTransport(p.direction));
  handle(socket, 'rtc:connectTransport', ConnectTransportRequest, async (p) => {
    await peer.connectTransport(p.transportId, p.dtlsParameters);
    return {};
  });
  handle(socket, 'rtc:consume', ConsumeRequest, (p) => peer.consume(p));
  handle(socket, 'rtc:resumeConsumer', ConsumerRequest, async (p) => {
    await peer.resumeConsumer(p.consumerId);
    return {};
  });
  handle(socket, 'rtc:pauseConsumer', ConsumerRequest, async (p) => {
    await peer.pauseConsumer(p.consumerId);
    return {};
  });
  handle(socket, 'rtc:closeConsumer', ConsumerRequest, (p) => {
    peer.closeConsumer(p.consumerId);
    return {};
  });
  handle(socket, 'rtc:produce', ProduceRequest, async (p) => ({ producerId: await peer.produce(p) }));
  handle(socket, 'cameras:status', Empty, () => sfu.cameraStatuses());
}

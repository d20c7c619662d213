import { z } from 'zod';
import {
  ConnectTransportRequest,
  ConsumeRequest,
  ConsumerRequest,
  CreateTransportRequest,
  ProduceRequest,
} from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { CameraView } from '../../domain/audit/auditTrail.ts';
import { checkAccess, requireSomeScope, scopeFor } from './actor.ts';
import { handle, type AppSocket } from './handle.ts';
import { onRescope, socketAccess } from './sessionAuth.ts';

const Empty = z.object({}).strict();

const camera = (id: string) => ({ kind: 'camera', id }) as const;

/**
 * WebRTC signalling for one socket: one SFU peer per connection, closed on disconnect. Every
 * consumer needs camera.consume on its camera (the SFU is never asked for one out of scope) and is
 * an audited view from its creation to its close; producing needs camera.produce (a clinic user:
 * only its own browser cameras). A user who loses a camera's scope loses its consumers at once.
 */
export function registerMediaHandlers(socket: AppSocket, sfu: Sfu): void {
  const access = socketAccess(socket);
  const peer = sfu.createPeer(socket.id);
  const views = new Map<string, CameraView>();
  const endView = (consumerId: string, reason: string) => {
    const view = views.get(consumerId);
    if (!view) return;
    views.delete(consumerId);
    view
      .end(reason)
      .catch((error: unknown) => console.warn(`[audit] view end not recorded: ${(error as Error).message}`));
  };
  peer.on('consumerClosed', (e) => {
    endView(e.consumerId, e.reason);
    socket.emit('consumer:closed', e);
  });
  socket.on('disconnect', () => {
    for (const id of [...views.keys()]) endView(id, 'disconnected');
    peer.close();
  });
  onRescope(socket, () => {
    const cameras = scopeFor(socket, 'camera.consume').cameraIds;
    for (const [consumerId, view] of [...views]) {
      if (cameras.has(view.cameraId)) continue;
      try {
        peer.closeConsumer(consumerId);
      } catch {
        // already gone
      }
      endView(consumerId, 'out_of_scope');
      socket.emit('consumer:closed', { consumerId, cameraId: view.cameraId, reason: 'out of scope' });
    }
  });

  handle(socket, 'rtc:capabilities', Empty, () => ({ routerRtpCapabilities: sfu.rtpCapabilities }));
  handle(socket, 'rtc:createTransport', CreateTransportRequest, async (p) => {
    // Only for someone who may consume (recv) or produce (send) some camera.
    await requireSomeScope(socket, p.direction === 'recv' ? 'camera.consume' : 'camera.produce', {
      direction: p.direction,
    });
    return peer.createTransport(p.direction);
  });
  handle(socket, 'rtc:connectTransport', ConnectTransportRequest, async (p) => {
    await peer.connectTransport(p.transportId, p.dtlsParameters);
    return {};
  });
  handle(socket, 'rtc:consume', ConsumeRequest, async (p) => {
    await checkAccess(socket, 'camera.consume', camera(p.cameraId));
    const consumer = await peer.consume(p);
    try {
      const view = await access.core.trail.startView(
        access.principal,
        p.cameraId,
        { ...access.ctx, transport: 'sfu' },
        {
          stream: p.stream,
          consumerId: consumer.consumerId,
        },
      );
      views.set(consumer.consumerId, view);
    } catch (error) {
      // A view that cannot be audited is not shown.
      peer.closeConsumer(consumer.consumerId);
      throw error;
    }
    return consumer;
  });
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
    endView(p.consumerId, 'closed');
    return {};
  });
  handle(socket, 'rtc:produce', ProduceRequest, async (p) => {
    await checkAccess(socket, 'camera.produce', camera(p.cameraId));
    return { producerId: await peer.produce(p) };
  });
  handle(socket, 'cameras:status', Empty, () => {
    const scope = scopeFor(socket, 'camera.view');
    return sfu.cameraStatuses().filter((s) => scope.all || scope.cameraIds.has(s.cameraId));
  });
}

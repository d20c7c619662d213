import { z } from 'zod';
import {
  ConnectTransportRequest,
  ConsumeRequest,
  ConsumerRequest,
  CreateTransportRequest,
  ProduceRequest,
} from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { CameraSpan } from '../../domain/audit/auditTrail.ts';
import { checkAccess, requireSomeScope, scopeFor } from './actor.ts';
import { handle, type AppSocket } from './handle.ts';
import { onRescope, socketAccess } from './sessionAuth.ts';

const Empty = z.object({}).strict();

const camera = (id: string) => ({ kind: 'camera', id }) as const;

/** Open audit spans (views by consumer id, publications by producer id); each one ends once. */
class OpenSpans {
  readonly #spans = new Map<string, CameraSpan>();

  add(id: string, span: CameraSpan): void {
    this.#spans.set(id, span);
  }

  entries(): [string, CameraSpan][] {
    return [...this.#spans];
  }

  end(id: string, reason: string): void {
    const span = this.#spans.get(id);
    if (!span) return;
    this.#spans.delete(id);
    span
      .end(reason)
      .catch((error: unknown) =>
        console.warn(`[audit] end of ${span.cameraId} not recorded: ${(error as Error).message}`),
      );
  }

  endAll(reason: string): void {
    for (const id of [...this.#spans.keys()]) this.end(id, reason);
  }
}

/**
 * WebRTC signalling for one socket: one SFU peer per connection, closed on disconnect. Every
 * consumer needs camera.consume on its camera (the SFU is never asked for one out of scope) and is
 * an audited view from its creation to its close; producing needs camera.produce (a clinic user:
 * only its own browser cameras) and is an audited publication. A user who loses a camera's scope
 * loses its consumers and producers of it at once (a revoked session: its whole peer).
 */
export function registerMediaHandlers(socket: AppSocket, sfu: Sfu): void {
  const access = socketAccess(socket);
  const peer = sfu.createPeer(socket.id);
  const views = new OpenSpans();
  const publications = new OpenSpans();
  const sfuCtx = () => ({ ...access.ctx, transport: 'sfu' }) as const;
  peer.on('consumerClosed', (e) => {
    views.end(e.consumerId, e.reason);
    socket.emit('consumer:closed', e);
  });
  peer.on('producerClosed', (e) => {
    publications.end(e.producerId, 'closed');
    socket.emit('producer:closed', { ...e, reason: 'closed' });
  });
  socket.on('disconnect', () => {
    // A session ended by the server says why (signed_out, disabled...), a plain disconnect 'disconnected'.
    const reason = access.ended ?? 'disconnected';
    views.endAll(reason);
    publications.endAll(reason);
    peer.close();
  });
  onRescope(socket, () => {
    const consumable = scopeFor(socket, 'camera.consume').cameraIds;
    for (const [consumerId, view] of views.entries()) {
      if (consumable.has(view.cameraId)) continue;
      try {
        peer.closeConsumer(consumerId);
      } catch {
        // already gone
      }
      views.end(consumerId, 'out_of_scope');
      socket.emit('consumer:closed', { consumerId, cameraId: view.cameraId, reason: 'out of scope' });
    }
    const publishable = scopeFor(socket, 'camera.produce').cameraIds;
    for (const { producerId, cameraId } of peer.producers()) {
      if (publishable.has(cameraId)) continue;
      peer.closeProducer(producerId);
      publications.end(producerId, 'out_of_scope');
      socket.emit('producer:closed', { producerId, cameraId, reason: 'out_of_scope' });
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
      const view = await access.core.trail.startView(access.principal, p.cameraId, sfuCtx(), {
        stream: p.stream,
        consumerId: consumer.consumerId,
      });
      views.add(consumer.consumerId, view);
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
    views.end(p.consumerId, 'closed');
    return {};
  });
  handle(socket, 'rtc:produce', ProduceRequest, async (p) => {
    await checkAccess(socket, 'camera.produce', camera(p.cameraId));
    const producerId = await peer.produce(p);
    try {
      publications.add(
        producerId,
        await access.core.trail.startPublish(access.principal, p.cameraId, sfuCtx(), { producerId }),
      );
    } catch (error) {
      // A publication that cannot be audited is not sent.
      if (peer.producers().some((x) => x.producerId === producerId)) peer.closeProducer(producerId);
      throw error;
    }
    return { producerId };
  });
  handle(socket, 'cameras:status', Empty, () => {
    const scope = scopeFor(socket, 'camera.view');
    return sfu.cameraStatuses().filter((s) => scope.all || scope.cameraIds.has(s.cameraId));
  });
}

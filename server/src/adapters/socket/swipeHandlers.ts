import {
  SwipeSubscribeRequest,
  SwipeUnsubscribeRequest,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SwipeSubscribeResult,
} from '@clinicwall/contract';
import type { Server } from 'socket.io';
import type { Registry } from '../../domain/registry.ts';
import type { SwipeFanout } from '../../domain/swipes/fanout.ts';
import type { SwipeStore } from '../../domain/swipes/ports.ts';
import { readResume, type ResumeRead } from '../../domain/swipes/resume.ts';
import { SwipeSubscription } from '../../domain/swipes/subscription.ts';
import { AccessDeniedError } from '../../domain/access/guard.ts';
import { handle, toWireError, zodFields, type AppSocket } from './handle.ts';
import { scopeFor } from './actor.ts';
import { onRescope, socketAccess } from './sessionAuth.ts';

const camera = (id: string) => ({ kind: 'camera', id }) as const;

/**
 * Live swipes leave encoded once for all the walls they go to (the rooms of their socket ids, on
 * this process only: every process reads the feed itself), not once per wall.
 */
export function broadcastSwipes(io: Server<ClientToServerEvents, ServerToClientEvents>, fanout: SwipeFanout): void {
  fanout.setSender((records, to) => {
    if (to.length === 1) to[0]!.send(records);
    else io.local.to(to.map((s) => s.id)).emit('swipes', records);
  });
}

export interface SwipeSocketDeps {
  fanout: SwipeFanout;
  store: SwipeStore;
  registry: Registry;
}

/**
 * swipes:subscribe / swipes:unsubscribe for one socket. A subscribe answers with the swipes missed
 * since each camera's lastId and every camera's cursor; live swipes arriving meanwhile are held and
 * sent after the answer when they follow the cursor (see SwipeSubscription): per camera, the wall
 * gets every swipe after the cursor once, in order, and a resume from it misses none.
 * Only cameras whose swipes the user may read (swipes.read); a camera that leaves the user's scope
 * stops sending.
 */
export function registerSwipeHandlers(socket: AppSocket, deps: SwipeSocketDeps): void {
  const sub = new SwipeSubscription(socket.id, (records) => socket.emit('swipes', records));
  socket.on('disconnect', () => deps.fanout.unwatch(sub));
  onRescope(socket, () => {
    const allowed = scopeFor(socket, 'swipes.read');
    const lost = sub.cameraIds().filter((id) => !allowed.all && !allowed.cameraIds.has(id));
    deps.fanout.unwatch(sub, lost);
    sub.remove(lost);
  });

  // Not through handle(): the held live swipes must be released right after the answer is sent.
  socket.on('swipes:subscribe', async (raw: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (res: Ack<SwipeSubscribeResult>) => void;
    const parsed = SwipeSubscribeRequest.safeParse(raw ?? {});
    if (!parsed.success) {
      reply({
        ok: false,
        error: {
          code: 'invalid_argument',
          message: 'invalid swipes:subscribe payload',
          fields: zodFields(parsed.error),
        },
      });
      return;
    }
    const points = parsed.data.cameras;
    try {
      for (const p of points) deps.registry.camera(p.cameraId); // not_found before anything changes
      // swipes.read on every camera (each refusal audited); one out of scope refuses the whole request.
      const { core, principal, ctx } = socketAccess(socket);
      const { denied } = await core.guard.allowedOf(principal, 'swipes.read', points, (p) => camera(p.cameraId), ctx);
      if (denied.length > 0)
        throw new AccessDeniedError(
          denied[0]!.reason,
          `no access to the swipes of ${denied.map((d) => d.item.cameraId).join(', ')}`,
        );
    } catch (error) {
      reply({ ok: false, error: toWireError(error) });
      return;
    }
    const added = sub.beginCatchUp(points);
    deps.fanout.watch(sub, added);
    let read: ResumeRead;
    try {
      read = await readResume(deps.store, points);
    } catch (error) {
      deps.fanout.unwatch(sub, added);
      sub.remove(added);
      sub.finishCatchUp();
      reply({ ok: false, error: toWireError(error) });
      return;
    }
    const cursors = sub.settle(read.missed, read.cursors);
    if (!socket.connected) {
      sub.finishCatchUp();
      return;
    }
    reply({ ok: true, data: { missed: read.missed, cursors } });
    sub.finishCatchUp();
  });

  handle(socket, 'swipes:unsubscribe', SwipeUnsubscribeRequest, (p) => {
    deps.fanout.unwatch(sub, p.cameraIds);
    sub.remove(p.cameraIds);
    return {};
  });
}

import type { Server } from 'socket.io';
import { z } from 'zod';
import {
  AckAlarmRequest,
  ClearAlarmRequest,
  CommentAlarmRequest,
  SnoozeCameraRequest,
  UnsnoozeCameraRequest,
  type AlarmEventDto,
  type AuditDetail,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@clinicwall/contract';
import type { AlarmDesk } from '../../alarms/alarmDesk.ts';
import type { AlarmAuditAction } from '../../domain/audit/auditTrail.ts';
import type { Registry } from '../../domain/registry.ts';
import { actorOf, checkAccess, requireSomeScope, scopeFor, scopeOf } from './actor.ts';
import { handle, type AppSocket } from './handle.ts';
import { joinScopeRooms, roomsOfRegion } from './scopeRooms.ts';
import { onRescope, socketAccess } from './sessionAuth.ts';

/** The alarm feed's rooms: `alarms:all` (unrestricted users) and `alarms:region:<id>`. */
export const ALARM_FEED = 'alarms';

export interface AlarmSocketDeps {
  service: AlarmDesk;
}

const Empty = z.object({}).strict();

/**
 * alarms:subscribe (join the alarm rooms of the user's regions; the ack carries the open alarms and
 * snoozes in scope), and the operator requests alarms:ack / alarms:clear / alarms:comment,
 * cameras:snooze / cameras:unsnooze: each checked by the access policy on the alarm's camera and
 * recorded in the audit log.
 */
export function registerAlarmHandlers(socket: AppSocket, deps: AlarmSocketDeps): void {
  const { service } = deps;
  let subscribed = false;

  /** Checks `action` on the camera, runs it, records it. */
  const act = async <T>(
    action: AlarmAuditAction,
    cameraId: string,
    alarmId: string | null,
    detail: AuditDetail,
    run: () => Promise<T>,
  ): Promise<T> => {
    await checkAccess(socket, action, { kind: 'camera', id: cameraId });
    const result = await run();
    const { core, ctx } = socketAccess(socket);
    await core.trail.alarmAction(actorOf(socket), action, cameraId, alarmId, ctx, detail);
    return result;
  };
  const cameraOfAlarm = async (alarmId: string) => (await service.get(alarmId, null)).cameraId;

  handle(socket, 'alarms:subscribe', Empty, async () => {
    await requireSomeScope(socket, 'alarms.read');
    await joinScopeRooms(socket, ALARM_FEED, scopeFor(socket, 'alarms.read'));
    subscribed = true;
    // Read right after joining: every later change arrives as an `alarm` event.
    const scope = scopeOf(socket);
    return { alarms: await service.openAlarms(scope), snoozes: await service.snoozes(scope) };
  });
  onRescope(socket, async () => {
    if (subscribed) await joinScopeRooms(socket, ALARM_FEED, scopeFor(socket, 'alarms.read'));
  });
  handle(socket, 'alarms:ack', AckAlarmRequest, async (req) =>
    act('alarms.ack', await cameraOfAlarm(req.alarmId), req.alarmId, { note: req.note ?? null }, () =>
      service.acknowledge(req, actorOf(socket)),
    ),
  );
  handle(socket, 'alarms:clear', ClearAlarmRequest, async (req) =>
    act('alarms.clear', await cameraOfAlarm(req.alarmId), req.alarmId, { reason: req.reason }, () =>
      service.clear(req, actorOf(socket)),
    ),
  );
  handle(socket, 'alarms:comment', CommentAlarmRequest, async (req) =>
    act('alarms.comment', await cameraOfAlarm(req.alarmId), req.alarmId, { text: req.text }, () =>
      service.comment(req, actorOf(socket)),
    ),
  );
  handle(socket, 'cameras:snooze', SnoozeCameraRequest, (req) =>
    act('alarms.snooze', req.cameraId, null, { minutes: req.minutes, reason: req.reason }, () =>
      service.snooze(req, actorOf(socket)),
    ),
  );
  handle(socket, 'cameras:unsnooze', UnsnoozeCameraRequest, async (req) => {
    await act('alarms.snooze', req.cameraId, null, { minutes: 0, reason: 'unsnoozed' }, () =>
      service.unsnooze(req, actorOf(socket)),
    );
    return {};
  });
}

/** The region of an alarm event (a snooze names its camera only). */
function regionOf(event: AlarmEventDto, registry: Registry): string | null {
  if (event.type !== 'snoozed') return event.alarm.regionId;
  try {
    return registry.clinic(registry.camera(event.cameraId).clinicId).regionId;
  } catch {
    return null;
  }
}

/**
 * Sends every alarm event to the rooms of its region (through the adapter: every process's
 * sockets): a supervisor never receives another region's alarms.
 */
export function broadcastAlarmEvents(
  io: Server<ClientToServerEvents, ServerToClientEvents>,
  service: AlarmDesk,
  registry: Registry,
): () => void {
  return service.onEvent((event) => {
    const regionId = regionOf(event, registry);
    io.to(regionId ? roomsOfRegion(ALARM_FEED, regionId) : [`${ALARM_FEED}:all`]).emit('alarm', event);
  });
}

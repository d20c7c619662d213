import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { AccessCore } from '../../domain/accounts/accessCore.ts';
import type { HealthBoard } from '../../domain/healthBoard.ts';
import type { Registry } from '../../domain/registry.ts';
import { broadcastAlarmEvents, registerAlarmHandlers, type AlarmSocketDeps } from './alarmHandlers.ts';
import { registerHealthHandlers } from './healthHandlers.ts';
import { registerMediaHandlers } from './mediaHandlers.ts';
import { broadcastSwipes, registerSwipeHandlers, type SwipeSocketDeps } from './swipeHandlers.ts';
import { scopeFor } from './actor.ts';
import { joinScopeRooms, roomsOfRegion } from './scopeRooms.ts';
import { authenticateSockets, onRescope, type SocketDirectory } from './sessionAuth.ts';

/** The camera-status feed's rooms (see scopeRooms). */
const STATUS_FEED = 'status';

export interface GatewayOptions {
  /** Sessions and the access policy: every socket is a signed-in user, every request is checked. */
  access: { core: AccessCore; directory: SocketDirectory };
  swipes?: SwipeSocketDeps;
  /** Alarm feed and operator requests; wall verdicts also go to its engine. */
  alarms?: AlarmSocketDeps;
  /** socket.io adapter shared by several server processes (Redis); default: in-process. */
  adapter?: Parameters<Server['adapter']>[0];
}

function regionOfCamera(registry: Registry, cameraId: string): string | null {
  try {
    return registry.clinic(registry.camera(cameraId).clinicId).regionId;
  } catch {
    return null;
  }
}

/**
 * The socket.io gateway: typed from the contract; signed-in users only; camera status and alarms
 * fan out to the walls whose users may see them.
 */
export function createSocketGateway(
  http: HttpServer,
  sfu: Sfu,
  health: HealthBoard,
  registry: Registry,
  options: GatewayOptions,
): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 5000,
    pingTimeout: 5000,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  authenticateSockets(io, options.access.core, options.access.directory);
  options.access.directory.follow();
  io.on('connection', (socket) => {
    const joinStatus = () => joinScopeRooms(socket, STATUS_FEED, scopeFor(socket, 'camera.view'));
    void joinStatus();
    onRescope(socket, joinStatus);
    registerMediaHandlers(socket, sfu);
    registerHealthHandlers(socket, health, registry, options.alarms?.service);
    if (options.swipes) registerSwipeHandlers(socket, options.swipes);
    if (options.alarms) registerAlarmHandlers(socket, options.alarms);
  });
  // Local: each process's SFU serves its own walls (with the Redis adapter, io.emit would reach all).
  // Only to the sockets whose users may view the camera (the rooms of its region).
  sfu.on('cameraStatus', (status) => {
    const regionId = regionOfCamera(registry, status.cameraId);
    io.local.to(regionId ? roomsOfRegion(STATUS_FEED, regionId) : [`${STATUS_FEED}:all`]).emit('camera:status', status);
  });
  if (options.alarms) broadcastAlarmEvents(io, options.alarms.service, registry);
  if (options.swipes) broadcastSwipes(io, options.swipes.fanout);
  return io;
}

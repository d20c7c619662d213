import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { HealthBoard } from '../../domain/healthBoard.ts';
import type { Registry } from '../../domain/registry.ts';
import { registerHealthHandlers } from './healthHandlers.ts';
import { registerMediaHandlers } from './mediaHandlers.ts';

/** The socket.io gateway: typed from the contract; camera status fans out to every wall. */
export function createSocketGateway(
  http: HttpServer,
  sfu: Sfu,
  health: HealthBoard,
  registry: Registry,
): Server<ClientToServerEvents, ServerToClientEvents> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 5000,
    pingTimeout: 5000,
  });
  io.on('connection', (socket) => {
    registerMediaHandlers(socket, sfu);
    registerHealthHandlers(socket, health, registry);
  });
  sfu.on('cameraStatus', (status) => io.emit('camera:status', status));
  return io;
}

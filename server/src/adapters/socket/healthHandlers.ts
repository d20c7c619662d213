import { TileVerdict } from '@clinicwall/contract';
import { wallSource, type AlarmService } from '../../alarms/alarmService.ts';
import type { HealthBoard } from '../../domain/healthBoard.ts';
import type { Registry } from '../../domain/registry.ts';
import { checkAccess } from './actor.ts';
import { handle, type AppSocket } from './handle.ts';

/** Where verdicts go beyond the board: the alarm engine, one picture source per wall socket. */
export type PictureObserver = Pick<AlarmService, 'observePicture' | 'forgetSource'>;

/**
 * Tile-health verdicts from a wall: merged per camera on the board, logged, and observed by the
 * alarm engine (the ack waits until the engine has it). A wall reports only cameras it may view.
 * A disconnected wall's verdicts stop counting.
 */
export function registerHealthHandlers(
  socket: AppSocket,
  board: HealthBoard,
  registry: Registry,
  alarms?: PictureObserver,
): void {
  handle(socket, 'health:verdict', TileVerdict, async (v) => {
    registry.camera(v.cameraId); // not_found for a camera the registry does not know
    await checkAccess(socket, 'camera.view', { kind: 'camera', id: v.cameraId }); // only cameras it may show
    const merged = board.report({ ...v, reporter: socket.id, receivedAt: Date.now() });
    console.log(
      `[health] ${v.cameraId}: ${v.verdict} (${v.confidence.toFixed(2)}, ${v.backend}) from ${socket.id} -> camera ${merged.verdict}`,
    );
    await alarms?.observePicture(v.cameraId, wallSource(socket.id), v.verdict);
    return {};
  });
  socket.on('disconnect', () => {
    alarms
      ?.forgetSource(wallSource(socket.id))
      .catch((error: unknown) => console.warn(`[alarms] forgetting wall ${socket.id}: ${(error as Error).message}`));
    for (const c of board.forgetReporter(socket.id))
      console.log(`[health] ${c.cameraId}: now ${c.verdict} (a wall left)`);
  });
}

import { TileVerdict } from '@clinicwall/contract';
import type { HealthBoard } from '../../domain/healthBoard.ts';
import type { Registry } from '../../domain/registry.ts';
import { handle, type AppSocket } from './handle.ts';

/**
 * Tile-health verdicts from a wall: merged per camera on the board and logged. (The alarm engine
 * consumes them in a later issue.) A disconnected wall's verdicts stop counting.
 */
export function registerHealthHandlers(socket: AppSocket, board: HealthBoard, registry: Registry): void {
  handle(socket, 'health:verdict', TileVerdict, (v) => {
    registry.camera(v.cameraId); // not_found for a camera the registry does not know
    const merged = board.report({ ...v, reporter: socket.id, receivedAt: Date.now() });
    console.log(
      `[health] ${v.cameraId}: ${v.verdict} (${v.confidence.toFixed(2)}, ${v.backend}) from ${socket.id} -> camera ${merged.verdict}`,
    );
    return {};
  });
  socket.on('disconnect', () => {
    for (const c of board.forgetReporter(socket.id))
      console.log(`[health] ${c.cameraId}: now ${c.verdict} (a wall left)`);
  });
}

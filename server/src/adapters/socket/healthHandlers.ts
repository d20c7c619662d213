import { HealthWithdrawRequest, TileVerdict } from '@clinicwall/contract';
import type { AlarmDesk } from '../../alarms/alarmDesk.ts';
import { wallSource } from '../../alarms/alarmService.ts';
import { SerialQueue } from '../../domain/alarms/serialQueue.ts';
import type { HealthBoard, HealthChange } from '../../domain/healthBoard.ts';
import type { Registry } from '../../domain/registry.ts';
import { checkAccess } from './actor.ts';
import { handle, type AppSocket } from './handle.ts';

/** Where verdicts go beyond the board: the alarm engine, one picture source per wall socket. */
export type PictureObserver = Pick<AlarmDesk, 'observePicture' | 'withdrawPicture' | 'forgetSource'>;

function logChanges(changes: readonly HealthChange[], why: string): void {
  for (const c of changes)
    if (c.after?.verdict !== c.before.verdict)
      console.log(`[health] ${c.cameraId}: now ${c.after?.verdict ?? 'no wall verdict'} (${why})`);
}

/**
 * Tile-health verdicts from a wall: merged per camera on the board, logged, and observed by the
 * alarm engine (the ack waits until the engine has it). A wall reports only cameras it may view.
 * Verdicts a wall withdraws (it stopped showing those cameras) or leaves behind when it disconnects
 * stop counting, on the board and as conditions of the alarm engine. One wall's reports, withdrawals
 * and departure apply in the order it sent them.
 */
export function registerHealthHandlers(
  socket: AppSocket,
  board: HealthBoard,
  registry: Registry,
  alarms?: PictureObserver,
): void {
  const source = wallSource(socket.id);
  const inOrder = new SerialQueue();
  handle(socket, 'health:verdict', TileVerdict, (v) =>
    inOrder.run(async () => {
      registry.camera(v.cameraId); // not_found for a camera the registry does not know
      await checkAccess(socket, 'camera.view', { kind: 'camera', id: v.cameraId }); // only cameras it may show
      const merged = board.report({ ...v, reporter: socket.id, receivedAt: Date.now() });
      console.log(
        `[health] ${v.cameraId}: ${v.verdict} (${v.confidence.toFixed(2)}, ${v.backend}) from ${socket.id} -> camera ${merged.verdict}`,
      );
      await alarms?.observePicture(v.cameraId, source, v.verdict, v.onsetAt);
      return {};
    }),
  );
  handle(socket, 'health:withdraw', HealthWithdrawRequest, (p) =>
    inOrder.run(async () => {
      const changes = board.withdraw(socket.id, p.cameraIds);
      logChanges(changes, 'a wall withdrew');
      for (const c of changes) await alarms?.withdrawPicture(c.cameraId, source);
      return {};
    }),
  );
  socket.on('disconnect', () => {
    void inOrder.run(async () => {
      logChanges(board.forgetReporter(socket.id), 'a wall left');
      await alarms
        ?.forgetSource(source)
        .catch((error: unknown) => console.warn(`[alarms] forgetting wall ${socket.id}: ${(error as Error).message}`));
    });
  });
}

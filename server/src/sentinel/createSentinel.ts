import type { Sfu } from '@clinicwall/sfu';
import { NodeClassifier } from '@clinicwall/models/node';
import type { SentinelHook } from '../alarms/createAlarms.ts';
import type { HealthBoard } from '../domain/healthBoard.ts';
import { SENTINEL_PIPELINE, Sentinel } from './sentinel.ts';

/** The reporter name of the sentinel on the health board (walls report under their socket id). */
export const SENTINEL_REPORTER = 'sentinel';

/**
 * Starts the server-side sentinel over every ingested camera (watched by a wall or not) and feeds
 * its verdict changes to the health board (GET /api/v1/tile-health) and the alarm engine.
 */
export async function createSentinel(deps: {
  sfu: Sfu;
  cameraIds: string[];
  health: HealthBoard;
  alarms: SentinelHook;
  /** Overrides SENTINEL_PIPELINE's raiseAfterMs. */
  raiseAfterMs?: number | null;
}): Promise<Sentinel> {
  const sentinel = new Sentinel({
    taps: deps.sfu,
    classifier: await NodeClassifier.create(),
    cameras: deps.cameraIds,
    ...(deps.raiseAfterMs ? { pipeline: { ...SENTINEL_PIPELINE, raiseAfterMs: deps.raiseAfterMs } } : {}),
  });
  sentinel.on('verdict', (v) => {
    const { source: _source, previous: _previous, decidedAt: _decidedAt, ...verdict } = v;
    deps.health.report({ ...verdict, reporter: SENTINEL_REPORTER, receivedAt: Date.now() });
    deps.alarms.verdict(v);
  });
  return sentinel;
}

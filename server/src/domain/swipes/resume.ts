import { compareEventIds, type SwipeRecord } from '@clinicwall/contract';
import type { SwipeStore } from './ports.ts';
import type { ResumePoint } from './subscription.ts';

/** The most missed swipes one camera's resume returns: the newest ones (older ones are in the HTTP list). */
export const MAX_MISSED_PER_CAMERA = 1000;

export interface ResumeRead {
  /** The missed swipes of the cameras resumed from an id, merged oldest first, each once. */
  missed: SwipeRecord[];
  /** camera → the newest swipe read for it, or its resume point; the head of its stream without one. */
  cursors: Map<string, string>;
}

/**
 * What a subscribe reads from the store: the missed swipes of the cameras resumed from an id (merged
 * oldest first, each once: a swipe may be on two cameras) and every camera's cursor (the newest
 * swipe read for it or its resume point; the head of its stream when it has no resume point).
 * All of it as of one snapshot, the store's head when the reads start: the cameras' reads happen at
 * different moments, and a swipe on two cameras stored between them would otherwise be missed for
 * one camera and not the other, yet move both cameras' resume points (on the wall and here) past
 * the swipes stored just before it. Whatever follows the snapshot comes live.
 */
export async function readResume(
  store: SwipeStore,
  points: readonly ResumePoint[],
  limit = MAX_MISSED_PER_CAMERA,
): Promise<ResumeRead> {
  const upTo = await store.head();
  const reads = await Promise.all(
    points.map(async ({ cameraId, lastId }) => {
      if (lastId === null) return { cameraId, records: [], cursor: await store.cursor(cameraId, upTo) };
      const records = await store.after(cameraId, lastId, limit, upTo);
      return { cameraId, records, cursor: records.at(-1)?.id ?? lastId };
    }),
  );
  const byId = new Map<string, SwipeRecord>();
  for (const r of reads.flatMap((x) => x.records)) byId.set(r.id, r);
  return {
    missed: [...byId.values()].sort((a, b) => compareEventIds(a.id, b.id)),
    cursors: new Map(reads.map((x) => [x.cameraId, x.cursor])),
  };
}

/**
 * Stall watchdog rule for a tile that has a track attached, evaluated every couple of seconds (never
 * per frame). While the SFU says the camera is live but nothing is painted: first ask for a key frame
 * (a fresh consumer waits for one), then drop the "live" badge, and finally re-consume (a consumer can
 * wedge after a network blip without anything closing). A camera the SFU calls silent is left alone.
 * Pure: unit-tested.
 */
export const STALL_NUDGE_MS = 2_000;
export const STALL_BADGE_MS = 4_000;
export const STALL_RESTART_MS = 10_000;

/** ok: fine · nudge: request a key frame · stalled: badge off (and key frame if live) · restart: re-consume */
export type StallAction = 'ok' | 'nudge' | 'stalled' | 'restart';

export function stallAction(msSinceLastFrame: number, cameraLive: boolean): StallAction {
  if (!cameraLive) return msSinceLastFrame >= STALL_BADGE_MS ? 'stalled' : 'ok';
  if (msSinceLastFrame < STALL_NUDGE_MS) return 'ok';
  if (msSinceLastFrame >= STALL_RESTART_MS) return 'restart';
  return msSinceLastFrame >= STALL_BADGE_MS ? 'stalled' : 'nudge';
}

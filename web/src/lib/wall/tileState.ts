import type { CameraState } from '@clinicwall/contract';

/** The badge a tile shows (and its data-state test hook). */
export const TILE_STATES = ['connecting', 'live', 'no_signal', 'reconnecting'] as const;
export type TileState = (typeof TILE_STATES)[number];

/** The wall's link to the server: socket + receive transport. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting';

export interface TileFacts {
  link: LinkState;
  /** The SFU's view of the camera, null before the first status arrives. */
  cameraState: CameraState | null;
  /** A consumer's track is attached to the tile's video. */
  hasTrack: boolean;
  /** The video has painted a frame of that track recently. */
  rendering: boolean;
  /** The last consume for the wanted stream failed with `unavailable` (no producer right now). */
  unavailable: boolean;
}

/**
 * One rule for the badge: link problems win, then the SFU's "no signal", then "live" once frames are
 * actually painted; everything in between is "connecting" (never a silent black tile).
 */
export function tileState(f: TileFacts): TileState {
  if (f.link === 'reconnecting') return 'reconnecting';
  if (f.link === 'connecting') return 'connecting';
  if (f.cameraState === 'no_signal') return 'no_signal';
  if (f.hasTrack && f.rendering) return 'live';
  if (f.unavailable && !f.hasTrack) return 'no_signal';
  return 'connecting';
}

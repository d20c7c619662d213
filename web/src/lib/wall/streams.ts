import type { StreamKind } from '@clinicwall/contract';

/** What a tile asks the SFU for: the substream on the grid, the main stream when focused, nothing off-page. */
export type WantedStream = StreamKind | 'none';

export interface TilePlacement {
  /** The camera is on the page the wall shows. */
  onPage: boolean;
  /** This camera is the focused one (fills the wall). */
  focused: boolean;
  /** Some camera is focused (the grid is hidden behind it). */
  focusActive: boolean;
}

export function wantedStream(p: TilePlacement): WantedStream {
  if (p.focused) return 'main';
  if (p.focusActive) return 'none';
  return p.onPage ? 'sub' : 'none';
}

/** Layouts from this many tiles up give their substream tiles a playout buffer. */
export const GRID_PLAYOUT_FROM_TILES = 36;
/** The playout buffer of a substream tile on those layouts (RTCRtpReceiver.jitterBufferTarget). */
export const GRID_PLAYOUT_BUFFER_MS = 100;

/**
 * How long a tile's receiver holds frames before showing them (0: as soon as decoded). On a wall of
 * 36+ small tiles the browser may composite at 30 frames/s (it does without a GPU); a 15 fps frame
 * decoded late then shares a compositor frame with the next one and is never shown. A 100 ms buffer
 * paces frames by their timestamps: measured on 64 tiles, every tile painted at >= 90 % of 15 fps
 * instead of 42-60 of 64. The focused tile (main stream) and small layouts keep the lowest latency.
 */
export function playoutBufferMs(stream: WantedStream, layoutTiles: number): number {
  return stream === 'sub' && layoutTiles >= GRID_PLAYOUT_FROM_TILES ? GRID_PLAYOUT_BUFFER_MS : 0;
}

/** Wanted stream for every camera, given the page's cameras and the focused one (if any). */
export function wantedStreams(
  allIds: readonly string[],
  pageIds: readonly string[],
  focusedId: string | null,
): Map<string, WantedStream> {
  const onPage = new Set(pageIds);
  const focusActive = focusedId !== null && allIds.includes(focusedId);
  const out = new Map<string, WantedStream>();
  for (const id of allIds) {
    out.set(id, wantedStream({ onPage: onPage.has(id), focused: focusActive && id === focusedId, focusActive }));
  }
  return out;
}

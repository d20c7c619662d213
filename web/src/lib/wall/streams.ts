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

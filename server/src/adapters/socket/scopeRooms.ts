import type { Scope } from '../../domain/access/policy.ts';
import type { AppSocket } from './handle.ts';

/**
 * Per-region rooms of one feed (camera status, alarms): an unrestricted socket joins `<feed>:all`,
 * a scoped one `<feed>:region:<id>` for each of its regions; an event of a region goes to both
 * kinds, so a supervisor never receives another region's events.
 */
export const roomsOfScope = (feed: string, scope: Scope): string[] =>
  scope.all ? [`${feed}:all`] : [...scope.regionIds].map((r) => `${feed}:region:${r}`);

/** The rooms an event of a region goes to (every unrestricted socket, and that region's). */
export const roomsOfRegion = (feed: string, regionId: string): string[] => [
  `${feed}:all`,
  `${feed}:region:${regionId}`,
];

/** Joins the feed's rooms of a scope and leaves the feed's rooms no longer in it. */
export async function joinScopeRooms(socket: AppSocket, feed: string, scope: Scope): Promise<void> {
  const want = new Set(roomsOfScope(feed, scope));
  for (const room of [...socket.rooms]) if (room.startsWith(`${feed}:`) && !want.has(room)) await socket.leave(room);
  for (const room of want) if (!socket.rooms.has(room)) await socket.join(room);
}

import type { SessionEndReason } from '@clinicwall/contract';

/**
 * The one place that hears "the session is gone": every HTTP helper reports a 401 here, the socket
 * its connect_error 'unauthenticated' and the server's `session:ended` (with its reason: signed out
 * elsewhere, password changed, account disabled, expired); the session state (root layout) listens
 * and sends the user to the sign-in page. Kept free of Svelte so plain helpers can call it.
 */
type Listener = (reason: SessionEndReason | null) => void;
const listeners = new Set<Listener>();

export function onUnauthenticated(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `reason`: why the server ended the session, when it said so (null: a plain 401). */
export function reportUnauthenticated(reason: SessionEndReason | null = null): void {
  for (const l of [...listeners]) l(reason);
}

/** socket.io's connect_error from the server's handshake check (message, or data.code). */
export function isUnauthenticatedConnectError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { message?: unknown; data?: { code?: unknown } | null };
  return e.message === 'unauthenticated' || e.data?.code === 'unauthenticated';
}

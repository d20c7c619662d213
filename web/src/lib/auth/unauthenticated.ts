/**
 * The one place that hears "the session is gone": every HTTP helper reports a 401 here and the
 * socket reports its connect_error 'unauthenticated' here; the session state (root layout) listens
 * and sends the user to the sign-in page. Kept free of Svelte so plain helpers can call it.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onUnauthenticated(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportUnauthenticated(): void {
  for (const l of [...listeners]) l();
}

/** socket.io's connect_error from the server's handshake check (message, or data.code). */
export function isUnauthenticatedConnectError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { message?: unknown; data?: { code?: unknown } | null };
  return e.message === 'unauthenticated' || e.data?.code === 'unauthenticated';
}

import type { types } from 'mediasoup-client';

export type LinkHealth = 'ok' | 'unstable';

/** How long ICE may stay 'disconnected' before the transport is given up and rebuilt. */
export const DISCONNECTED_GRACE_MS = 6_000;

/**
 * Watches a transport's connection state: 'disconnected' reports unstable and, if it does not
 * recover within the grace period, failed; 'failed' reports failed at once. Returns a stop function.
 */
export function watchTransport(
  transport: types.Transport,
  onHealth: (h: LinkHealth) => void,
  onFailed: (reason: string) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const onState = (state: types.ConnectionState) => {
    if (state === 'connected') {
      clear();
      onHealth('ok');
    } else if (state === 'disconnected') {
      onHealth('unstable');
      clear();
      timer = setTimeout(() => onFailed('transport disconnected'), DISCONNECTED_GRACE_MS);
    } else if (state === 'failed') {
      clear();
      onFailed('transport failed');
    }
  };
  transport.on('connectionstatechange', onState);
  return () => {
    clear();
    transport.off('connectionstatechange', onState);
  };
}

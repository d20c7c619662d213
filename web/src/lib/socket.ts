import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientEvent, ClientToServerEvents, ErrorCode, ServerToClientEvents } from '@clinicwall/contract';
import { isUnauthenticatedConnectError, reportUnauthenticated } from './auth/unauthenticated.ts';

/** The browser end of the typed socket.io contract. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type RequestPayload<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
export type RequestResult<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[1] extends (
  res: Ack<infer R>,
) => void
  ? R
  : never;

/** A failed request: the server's error code, or 'timeout' / 'disconnected' on the client side. */
export class RequestError extends Error {
  readonly code: ErrorCode | 'timeout' | 'disconnected';
  constructor(code: RequestError['code'], message: string) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
  }
}

export function errorCodeOf(error: unknown): RequestError['code'] | null {
  return error instanceof RequestError ? error.code : null;
}

/**
 * Same-origin socket (the server, or vite's proxy in dev); reconnects forever with a capped backoff.
 * The handshake is authenticated by the session cookie: a refused one ('unauthenticated') ends the
 * session here (the app then shows the sign-in page) and is not retried; so does the server's
 * `session:ended` (signed out elsewhere, password changed, account disabled), with its reason.
 */
export function openSocket(): AppSocket {
  const socket: AppSocket = io({
    path: '/socket.io',
    transports: ['websocket', 'polling'],
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.3,
    timeout: 8000,
  });
  socket.on('connect_error', (error) => {
    if (isUnauthenticatedConnectError(error)) reportUnauthenticated();
  });
  socket.on('session:ended', ({ reason }) => reportUnauthenticated(reason));
  return socket;
}

export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends a request and resolves with the ack's data, or rejects with a RequestError.
 * Never queues while disconnected: a request meant for the old SFU peer must not reach a new one.
 */
export function request<E extends ClientEvent>(
  socket: AppSocket,
  event: E,
  payload: RequestPayload<E>,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<RequestResult<E>> {
  return new Promise((resolve, reject) => {
    if (!socket.connected) {
      reject(new RequestError('disconnected', `${event}: not connected`));
      return;
    }
    const onAck = (err: Error | null, res: Ack<RequestResult<E>> | undefined) => {
      if (err) reject(new RequestError('timeout', `${event}: no answer within ${timeoutMs} ms`));
      else if (!res) reject(new RequestError('unavailable', `${event}: empty answer`));
      else if (res.ok) resolve(res.data);
      else reject(new RequestError(res.error.code, res.error.message));
    };
    // The typed emit cannot express the timeout variant's (err, res) callback generically.
    (socket.timeout(timeoutMs) as unknown as { emit: (e: string, p: unknown, cb: typeof onAck) => void }).emit(
      event,
      payload,
      onAck,
    );
  });
}

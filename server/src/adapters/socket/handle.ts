import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack, ClientToServerEvents, ServerToClientEvents, WireError } from '@clinicwall/contract';
import { errorCode } from '../../domain/errors.ts';

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Result<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (
  res: Ack<infer R>,
) => void
  ? R
  : never;

/** Converts any thrown error into the wire error of an ack; unknown errors are logged, not leaked. */
export function toWireError(error: unknown): WireError {
  const code = errorCode(error);
  if (code) {
    const fields = (error as { fields?: Record<string, string> }).fields;
    return { code, message: (error as Error).message, ...(fields ? { fields } : {}) };
  }
  console.error('[socket] unexpected error', error);
  return { code: 'unavailable', message: 'internal error, please retry' };
}

export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || '(payload)'] = issue.message;
  return fields;
}

/**
 * Registers a request handler: validates the payload with its schema at the edge, runs the handler,
 * and acknowledges exactly once with an Ack. A client that sends no ack callback gets nothing back.
 */
export function handle<E extends keyof ClientToServerEvents>(
  socket: AppSocket,
  event: E,
  schema: z.ZodType<Payload<E>>,
  fn: (payload: Payload<E>) => Promise<Result<E>> | Result<E>,
): void {
  const listener = async (raw: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (res: Ack<Result<E>>) => void;
    const parsed = schema.safeParse(raw ?? {});
    if (!parsed.success) {
      reply({
        ok: false,
        error: { code: 'invalid_argument', message: `invalid ${event} payload`, fields: zodFields(parsed.error) },
      });
      return;
    }
    try {
      reply({ ok: true, data: await fn(parsed.data) });
    } catch (error) {
      reply({ ok: false, error: toWireError(error) });
    }
  };
  socket.on(event, listener as never);
}

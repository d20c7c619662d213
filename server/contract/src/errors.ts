/**
 * Error codes shared by every transport. Each transport maps them once:
 * HTTP in server/src/adapters/http/errors.ts, sockets in the ack envelope.
 */
export const ERROR_CODES = [
  'invalid_argument',
  'unauthenticated',
  'not_found',
  'forbidden',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Per-field messages for invalid_argument, keyed by dotted path. */
  fields?: Record<string, string>;
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Every socket request is acknowledged with exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

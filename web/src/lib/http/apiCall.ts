import { ERROR_CODES, type ErrorCode } from '@clinicwall/contract';
import { reportUnauthenticated } from '../auth/unauthenticated.ts';

/**
 * A failed API call: the server's error code when it sent one ('unauthenticated' for any 401),
 * 'network' when no answer came, 'http' for anything else.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'http';
  readonly fields: Record<string, string> | undefined;
  /** The answer's Retry-After header (429, 503), as sent. */
  retryAfter: string | null = null;
  constructor(status: number, code: ApiError['code'], message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Reads the server's `{ error: { code, message, fields } }` body (anything else is kept generic). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  const message = typeof err?.message === 'string' && err.message ? err.message : `HTTP ${status}`;
  const fields = err?.fields && typeof err.fields === 'object' ? (err.fields as Record<string, string>) : undefined;
  if (status === 401) return new ApiError(status, 'unauthenticated', message, fields);
  const code = (ERROR_CODES as readonly unknown[]).includes(err?.code) ? (err!.code as ErrorCode) : 'http';
  return new ApiError(status, code, message, fields);
}

/** The first per-field message, or the message: what a form shows under a failed request. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiError) {
    const first = error.fields ? Object.entries(error.fields)[0] : undefined;
    return first ? `${error.message} (${first[0]}: ${first[1]})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export interface CallOptions {
  /** A 401 is the expected "no session" answer here (session check, sign-in): do not report it. */
  quiet401?: boolean;
}

/**
 * One JSON call to the same-origin API (/api/v1; the session travels in its httpOnly cookie).
 * Resolves to the body (null for 204); rejects with an ApiError carrying the server's code and
 * per-field messages, or 'network' when no answer came. A 401 is also reported once
 * (auth/unauthenticated.ts) so the app sends the user to sign in, unless `quiet401`.
 */
export async function apiCall<T>(path: string, init: RequestInit = {}, opts: CallOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      cache: 'no-store',
      credentials: 'same-origin',
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message || 'network error');
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) reportUnauthenticated();
    const error = apiErrorFrom(res.status, body);
    error.retryAfter = res.headers.get('retry-after');
    throw error;
  }
  return body as T;
}

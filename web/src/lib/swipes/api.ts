import {
  ERROR_CODES,
  type ErrorCode,
  type SwipePageDto,
  type Terminal,
  type TerminalMappingRequest,
} from '@clinicwall/contract';
import { reportUnauthenticated } from '../auth/unauthenticated.ts';

/**
 * A failed API call: the server's error code when it sent one ('unauthenticated' for any 401),
 * 'network' when no answer came, 'http' for anything else.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'http';
  readonly fields: Record<string, string> | undefined;
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

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message || 'network error');
  }
  const body: unknown = await res.json().catch(() => null);
  // A 401 on the session cookie ends the session.
  if (res.status === 401) reportUnauthenticated();
  if (!res.ok) throw apiErrorFrom(res.status, body);
  return body as T;
}

type Query = URLSearchParams | Record<string, string>;

/** GET /api/v1/swipes (newest first). */
export function fetchSwipePage(query: Query, signal?: AbortSignal): Promise<SwipePageDto> {
  return call<SwipePageDto>(`/api/v1/swipes?${new URLSearchParams(query).toString()}`, { signal });
}

/** GET /api/v1/swipes/unmapped (an admin's session). */
export function fetchUnmappedSwipes(query: Query, signal?: AbortSignal): Promise<SwipePageDto> {
  return call<SwipePageDto>(`/api/v1/swipes/unmapped?${new URLSearchParams(query).toString()}`, { signal });
}

/** PUT /api/v1/terminals/:id (an admin's session): the camera that sees the terminal, or none. */
export function putTerminalCamera(terminalId: string, cameraId: string | null): Promise<Terminal> {
  const body: TerminalMappingRequest = { cameraId };
  return call<Terminal>(`/api/v1/terminals/${encodeURIComponent(terminalId)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

import type {
  AuditPageDto,
  LoginRequest,
  PasswordChangeRequest,
  PasswordResetDto,
  PasswordResetRequest,
  SessionDto,
  UserCreateRequestInput,
  UserCreatedDto,
  UserDto,
  UserUpdateRequest,
} from '@clinicwall/contract';
import { ApiError, apiCall as call } from '../http/apiCall.ts';
import { retryAfterSeconds } from './navigation.ts';

/**
 * HTTP calls of sign-in, the session, user administration and the audit log (same origin,
 * /api/v1; the session travels in the httpOnly cookie). Failures reject with an ApiError; a 401
 * outside sign-in itself is reported once (auth/unauthenticated.ts) so the user is sent to sign in.
 */

/** A refused sign-in because of too many attempts: wait `retryAfterS` seconds. */
export class LoginThrottledError extends ApiError {
  readonly retryAfterS: number | null;
  constructor(message: string, retryAfterS: number | null) {
    super(429, 'rate_limited', message);
    this.name = 'LoginThrottledError';
    this.retryAfterS = retryAfterS;
  }
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const enc = encodeURIComponent;

// ---- session ----

/**
 * GET /api/v1/auth/session: the signed-in user, null without a session (401), 'unsupported' when
 * this server has no accounts at all (404 on the auth routes).
 */
export async function fetchSession(signal?: AbortSignal): Promise<SessionDto | null | 'unsupported'> {
  try {
    return await call<SessionDto>('/api/v1/auth/session', { signal }, { quiet401: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    if (error instanceof ApiError && error.status === 404) return 'unsupported';
    throw error;
  }
}

/** POST /api/v1/auth/login. Rejects with LoginThrottledError on 429, ApiError 'unauthenticated' on 401. */
export async function login(req: LoginRequest): Promise<SessionDto> {
  try {
    return await call<SessionDto>('/api/v1/auth/login', json('POST', req), { quiet401: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 429)
      throw new LoginThrottledError(error.message, retryAfterSeconds(error.retryAfter, Date.now()));
    throw error;
  }
}

/** POST /api/v1/auth/logout (204). */
export async function logout(): Promise<void> {
  await call<null>('/api/v1/auth/logout', { method: 'POST' }, { quiet401: true });
}

/** POST /api/v1/auth/password (204). A wrong current password answers 401 without ending the session. */
export async function changePassword(req: PasswordChangeRequest): Promise<void> {
  await call<null>('/api/v1/auth/password', json('POST', req), { quiet401: true });
}

// ---- users (admin) ----

/** GET /api/v1/users (a list, or `{ items }`). */
export async function fetchUsers(signal?: AbortSignal): Promise<UserDto[]> {
  const body = await call<UserDto[] | { items?: UserDto[]; users?: UserDto[] }>('/api/v1/users', { signal });
  return Array.isArray(body) ? body : (body.items ?? body.users ?? []);
}

/** POST /api/v1/users: the new user and, when none was given, the generated password (shown once). */
export function createUser(req: UserCreateRequestInput): Promise<UserCreatedDto> {
  return call<UserCreatedDto>('/api/v1/users', json('POST', req));
}

/** PATCH /api/v1/users/:id */
export function updateUser(id: string, req: UserUpdateRequest): Promise<UserDto> {
  return call<UserDto>(`/api/v1/users/${enc(id)}`, json('PATCH', req));
}

/** POST /api/v1/users/:id/password-reset: a generated password (shown once) unless one is given. */
export function resetPassword(id: string, req: PasswordResetRequest = {}): Promise<PasswordResetDto> {
  return call<PasswordResetDto>(`/api/v1/users/${enc(id)}/password-reset`, json('POST', req));
}

// ---- audit (admin) ----

/** GET /api/v1/audit?… (newest first; `before` pages back). */
export function fetchAudit(query: Record<string, string>, signal?: AbortSignal): Promise<AuditPageDto> {
  return call<AuditPageDto>(`/api/v1/audit?${new URLSearchParams(query).toString()}`, { signal });
}

import type { Role, SessionEndReason } from '@clinicwall/contract';
import type { MessageKey } from '../i18n/types.ts';

/** Where the sign-in page lives; the only page that needs no session. */
export const LOGIN_PATH = '/login';
const PUBLIC_PATHS: readonly string[] = [LOGIN_PATH];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname.replace(/\/+$/, '') || '/');
}

/** Each role's start page after sign-in (when it did not come from somewhere). */
export function homeFor(role: Role): string {
  switch (role) {
    case 'admin':
    case 'operator':
      return '/wall';
    case 'supervisor':
      return '/m';
    case 'clinic':
      return '/publish';
    case 'integration':
      // A machine account has no pages; the sign-in page says so.
      return LOGIN_PATH;
  }
}

/**
 * A `next` target that is safe to go to after sign-in: a same-origin path ('/…', never '//host' or
 * '/\host', no scheme, no control characters), not the sign-in page itself. Null otherwise.
 */
export function safeNext(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2000) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, 'http://clinicwall.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'http://clinicwall.invalid') return null;
  if (isPublicPath(url.pathname)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Where to go after signing in: back where the user came from, else the role's start page. */
export function afterSignIn(role: Role, next: string | null | undefined): string {
  return safeNext(next) ?? homeFor(role);
}

/** The sign-in page, remembering the page to come back to (`/` and the sign-in page itself are not remembered). */
export function loginHref(here: { pathname: string; search: string }): string {
  const target = `${here.pathname}${here.search}`;
  if (here.pathname === '/' || isPublicPath(here.pathname) || safeNext(target) === null) return LOGIN_PATH;
  return `${LOGIN_PATH}?${new URLSearchParams({ next: target }).toString()}`;
}

/** The session as the root layout sees it. */
export type SessionStatus =
  /** Asking the server who we are. */
  | 'loading'
  | 'signed-in'
  | 'signed-out'
  /** No answer (no network, server down): shown as offline, retried. */
  | 'offline'
  /** The server answered with an error other than 401. */
  | 'error'
  /** This server has no accounts (no /api/v1/auth routes): pages run without sign-in. */
  | 'unsupported';

export type GateDecision = 'show' | 'wait' | 'login' | 'offline' | 'error' | 'leave-login';

/**
 * What the root layout does for a path: public pages always show (the sign-in page sends a signed-in
 * user on, `leave-login`); other pages show with a session, wait while it loads, redirect to sign-in
 * without one, or show the offline / error state.
 */
export function gateDecision(status: SessionStatus, pathname: string): GateDecision {
  if (isPublicPath(pathname)) return status === 'signed-in' ? 'leave-login' : 'show';
  switch (status) {
    case 'signed-in':
    case 'unsupported':
      return 'show';
    case 'loading':
      return 'wait';
    case 'signed-out':
      return 'login';
    case 'offline':
      return 'offline';
    case 'error':
      return 'error';
  }
}

/**
 * Seconds to wait from a Retry-After header (delta seconds or an HTTP date), at least 1;
 * null when absent or unreadable.
 */
export function retryAfterSeconds(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const v = header.trim();
  if (/^\d+$/.test(v)) return Math.max(1, Number(v));
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** A countdown as the sign-in page shows it: minutes and seconds from a minute on, else seconds. */
export function waitText(seconds: number): {
  key: 'auth.wait.seconds' | 'auth.wait.minutes';
  params: Record<string, number>;
} {
  const total = Math.max(0, Math.ceil(seconds));
  if (total < 60) return { key: 'auth.wait.seconds', params: { s: total } };
  return { key: 'auth.wait.minutes', params: { m: Math.floor(total / 60), s: total % 60 } };
}

/** The i18n key of a `passwordProblem` (contract) message, with its parameters. */
export function passwordProblemKey(problem: string): {
  key: 'pw.tooShort' | 'pw.tooLong' | 'pw.hasUsername' | 'pw.common';
  params: Record<string, number>;
} {
  const n = Number(/\d+/.exec(problem)?.[0] ?? 0);
  if (problem.startsWith('at least')) return { key: 'pw.tooShort', params: { n } };
  if (problem.startsWith('at most')) return { key: 'pw.tooLong', params: { n } };
  if (problem.includes('username')) return { key: 'pw.hasUsername', params: {} };
  return { key: 'pw.common', params: {} };
}

/**
 * How the last session ended: 'signed-out' by the user here; otherwise as the server said
 * (`signed_out` elsewhere, `password_changed`, `disabled`) or `expired` (any other 401).
 */
export type SessionEnded = 'signed-out' | SessionEndReason;

/** What the sign-in page says about how the last session ended (null: nothing). */
export function endedNotice(ended: SessionEnded | null): { key: MessageKey; warn: boolean } | null {
  switch (ended) {
    case null:
      return null;
    case 'signed-out':
      return { key: 'auth.signedOut', warn: false };
    case 'expired':
      return { key: 'auth.expired', warn: true };
    default:
      return { key: `auth.ended.${ended}`, warn: true };
  }
}

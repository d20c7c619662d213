import type { Request, RequestHandler, Response } from 'express';
import type { SessionDto } from '@clinicwall/contract';
import type { AccessCore } from '../../domain/accounts/accessCore.ts';
import type { Authenticated } from '../../domain/accounts/sessions.ts';
import type { Principal } from '../../domain/access/principal.ts';
import type { RequestContext } from '../../domain/audit/auditTrail.ts';
import { DomainError } from '../../domain/errors.ts';

/** The session cookie: an opaque token (only its digest is stored), httpOnly, SameSite=Lax. */
export const SESSION_COOKIE = 'cw_session';

/** What the session middleware found for one request. */
export interface RequestAccess {
  core: AccessCore;
  /** The cookie session, if any. */
  auth: Authenticated | null;
  /** Who acts: the session's user, or a machine credential (HMAC-signed swipes, the admin bearer). */
  principal: Principal | null;
}

const byRequest = new WeakMap<Request, RequestAccess>();

export function requestAccess(req: Request): RequestAccess {
  const access = byRequest.get(req);
  if (!access) throw new Error('the session middleware did not run for this request');
  return access;
}

/** Sets who acts for a request authenticated by other means than the cookie (machine credentials). */
export function actAs(req: Request, principal: Principal): void {
  requestAccess(req).principal = principal;
}

export function contextOf(req: Request): RequestContext {
  return { transport: 'http', address: req.ip ?? req.socket.remoteAddress ?? null };
}

/** One cookie's value from a Cookie header (null when absent). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return null;
    }
  }
  return null;
}

export const sessionTokenOf = (req: Request): string | null => readCookie(req.get('cookie'), SESSION_COOKIE);

/** Reads the session cookie into the request's access (never refuses: requireSignIn does). */
export function loadSession(core: AccessCore): RequestHandler {
  return (req, _res, next) => {
    const token = sessionTokenOf(req);
    const done = (auth: Authenticated | null) => {
      byRequest.set(req, { core, auth, principal: auth?.principal ?? null });
      next();
    };
    if (!token) return done(null);
    core.auth.authenticate(token).then(done, next);
  };
}

/** Refuses (401) a request without a principal, unless `isPublic` says the route needs none. */
export function requireSignIn(isPublic: (req: Request) => boolean): RequestHandler {
  return (req, _res, next) => {
    if (isPublic(req) || requestAccess(req).principal) return next();
    next(new DomainError('unauthenticated', 'sign in first'));
  };
}

const isHttps = (req: Request) => req.secure || req.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';

/** Sets the session cookie, living until the session's absolute expiry. */
export function setSessionCookie(req: Request, res: Response, token: string, session: SessionDto): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isHttps(req),
    maxAge: Math.max(0, Date.parse(session.absoluteExpiresAt) - Date.now()),
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: isHttps(req) });
}

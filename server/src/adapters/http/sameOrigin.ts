import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { DomainError } from '../../domain/errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a browser request comes from another site (null: it does not, or it is no browser). Uses the
 * browser's Sec-Fetch-Site where sent, else compares Origin with Host. Machines (curl, the
 * insurance system, tests) send neither and are not CSRF victims: they pass.
 */
export function crossSiteReason(headers: IncomingHttpHeaders): string | null {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') {
    return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site: ${site}`;
  }
  const origin = headers.origin;
  if (!origin) return null;
  if (origin === 'null') return 'Origin: null';
  try {
    return new URL(origin).host === headers.host ? null : `Origin ${origin} is not this site`;
  } catch {
    return `Origin ${origin} is not a URL`;
  }
}

/**
 * CSRF defence for state-changing requests (with the SameSite=Lax session cookie): a POST, PUT,
 * PATCH or DELETE sent by a page of another site is refused (403) before any handler runs.
 */
export function refuseCrossSite(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const reason = crossSiteReason(req.headers);
    next(reason ? new DomainError('forbidden', `cross-site request refused (${reason})`) : undefined);
  };
}

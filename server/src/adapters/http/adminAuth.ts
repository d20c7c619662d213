import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Principal } from '../../domain/access/principal.ts';
import { DomainError } from '../../domain/errors.ts';
import { actAs } from './session.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Who acts with the admin bearer token (audited under this name). */
export const ADMIN_TOKEN_PRINCIPAL: Principal = {
  id: 'admin-token',
  username: 'admin-token',
  role: 'admin',
  regionIds: [],
  allRegions: false,
  clinicId: null,
  disabled: false,
};

/**
 * The admin bearer for scripts (`Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time),
 * kept on the terminal-mapping routes beside the admin role of a signed-in user. A request that
 * carries a bearer is judged by it alone: a wrong one is 401 even with a session cookie. Without
 * a configured token, a bearer is refused.
 */
export function adminBearer(adminToken: string | null): RequestHandler {
  const expected = adminToken ? digest(adminToken) : null;
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const m = /^Bearer (.+)$/.exec(header);
    if (!m) return next(new DomainError('unauthenticated', 'Authorization must be Bearer <admin token>'));
    if (!expected) return next(new DomainError('unauthenticated', 'no admin token is configured (ADMIN_TOKEN)'));
    if (!timingSafeEqual(digest(m[1]!), expected)) return next(new DomainError('unauthenticated', 'wrong admin token'));
    actAs(req, ADMIN_TOKEN_PRINCIPAL);
    next();
  };
}

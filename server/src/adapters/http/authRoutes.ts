import express, { type Router } from 'express';
import { LoginRequest, PasswordChangeRequest, type SessionDto } from '@clinicwall/contract';
import { AuthError } from '../../domain/accounts/authError.ts';
import { DomainError } from '../../domain/errors.ts';
import { parseInput } from './parseInput.ts';
import { clearSessionCookie, contextOf, requestAccess, sessionTokenOf, setSessionCookie } from './session.ts';

/**
 * Sign-in and sign-out with the httpOnly session cookie: POST /auth/login, POST /auth/logout,
 * GET /auth/session, POST /auth/password. A refused sign-in never says whether the user exists;
 * a throttled one answers 429 with Retry-After. Sign-out and password changes reach the sockets of
 * every server process through the access core's change bus.
 */
export function createAuthRouter(): Router {
  const r = express.Router();
  r.post('/auth/login', async (req, res) => {
    const { core } = requestAccess(req);
    const body = parseInput(LoginRequest, req.body, 'sign-in');
    try {
      const { token, session } = await core.auth.login(body, {
        ...contextOf(req),
        userAgent: req.get('user-agent') ?? null,
      });
      setSessionCookie(req, res, token, session);
      res.setHeader('Cache-Control', 'no-store');
      const dto: SessionDto = session;
      res.json(dto);
    } catch (error) {
      if (error instanceof AuthError && error.reason === 'throttled')
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
      throw error;
    }
  });
  r.post('/auth/logout', async (req, res) => {
    const { core } = requestAccess(req);
    const token = sessionTokenOf(req);
    if (token) await core.auth.logout(token, contextOf(req));
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  r.get('/auth/session', (req, res) => {
    const { auth } = requestAccess(req);
    if (!auth) throw new DomainError('unauthenticated', 'not signed in');
    res.setHeader('Cache-Control', 'no-store');
    const dto: SessionDto = auth.session;
    res.json(dto);
  });
  r.post('/auth/password', async (req, res) => {
    const { core, auth } = requestAccess(req);
    if (!auth) throw new DomainError('unauthenticated', 'sign in first');
    const body = parseInput(PasswordChangeRequest, req.body, 'password change');
    await core.auth.changePassword(auth, body, contextOf(req));
    res.status(204).end();
  });
  return r;
}

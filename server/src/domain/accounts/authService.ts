import { passwordProblem, type LoginRequest, type PasswordChangeRequest, type SessionDto } from '@clinicwall/contract';
import { DomainError } from '../errors.ts';
import type { AuditTrail, RequestContext } from '../audit/auditTrail.ts';
import { AuthError } from './authError.ts';
import type { LoginThrottle, Lockout } from './loginThrottle.ts';
import type { PasswordHasher, TokenGenerator, UserStore } from './ports.ts';
import type { Authenticated, SessionMeta, Sessions } from './sessions.ts';
import type { UserChanges } from './userChanges.ts';
import { toUserDto, type UserRecord } from './userRecord.ts';

export interface AuthDeps {
  users: UserStore;
  sessions: Sessions;
  throttle: LoginThrottle;
  hasher: PasswordHasher;
  tokens: TokenGenerator;
  trail: AuditTrail;
  changes: UserChanges;
  now: () => number;
}

export type LoginContext = RequestContext & Pick<SessionMeta, 'userAgent'>;

/** Sign-in, sign-out, session lookup and password change. */
export class AuthService {
  readonly #d: AuthDeps;
  #dummyHash: Promise<string> | null = null;

  constructor(deps: AuthDeps) {
    this.#d = deps;
  }

  /** Computes the hash checked for unknown users ahead of the first sign-in (optional; keeps that one constant too). */
  async warm(): Promise<void> {
    await this.#dummy();
  }

  /**
   * Signs in. Unknown user, wrong password and disabled account all give the same AuthError
   * ('wrong username or password') after the same work: one password verification.
   */
  async login(req: LoginRequest, ctx: LoginContext): Promise<{ token: string; session: SessionDto }> {
    const username = req.username.trim().toLowerCase();
    const ticket = await this.#d.throttle.admit(username, ctx.address ?? null);
    let user: UserRecord | null;
    let ok: boolean;
    try {
      user = await this.#d.users.byUsername(username);
      ok = await this.#d.hasher.verify(user?.passwordHash ?? (await this.#dummy()), req.password);
    } catch (error) {
      await this.#d.throttle.settle(ticket, 'cancel');
      throw error;
    }
    if (!user || !ok || user.disabled) {
      const locked = await this.#d.throttle.settle(ticket, 'failure');
      await this.#recordFailure(
        username,
        user,
        !user ? 'unknown_user' : !ok ? 'bad_password' : 'disabled',
        ctx,
        locked,
      );
      throw new AuthError('bad_credentials');
    }
    await this.#d.throttle.settle(ticket, 'success');
    const now = new Date(this.#d.now()).toISOString();
    const verified = user.passwordHash;
    const rehashed = this.#d.hasher.needsRehash?.(verified) ? await this.#d.hasher.hash(req.password) : null;
    const updated = await this.#d.users.update(user.id, (u) => ({
      ...u,
      lastLoginAt: now,
      // only replace the hash that was verified (not one a concurrent password change just wrote)
      ...(rehashed && u.passwordHash === verified ? { passwordHash: rehashed } : {}),
    }));
    if (updated.disabled) throw new AuthError('bad_credentials');
    const started = await this.#d.sessions.start(updated, {
      address: ctx.address ?? null,
      userAgent: ctx.userAgent ?? null,
    });
    await this.#d.trail.record({
      actor: { userId: user.id, username, role: user.role },
      action: 'auth.login',
      target: { kind: 'user', id: user.id },
      outcome: 'allowed',
      ctx,
    });
    return { token: started.token, session: started.session };
  }

  authenticate(token: string | null | undefined): Promise<Authenticated | null> {
    return this.#d.sessions.authenticate(token);
  }

  /** Ends the session of a token (and its sockets, in every server process); harmless for an unknown or expired one. */
  async logout(token: string, ctx: RequestContext): Promise<void> {
    const auth = await this.#d.sessions.authenticate(token);
    await this.#d.sessions.end(token);
    if (auth) {
      const { id: userId, username, role } = auth.user;
      await this.#d.changes.sessionEnded(userId, auth.sessionId);
      await this.#d.trail.record({
        actor: { userId, username, role },
        action: 'auth.logout',
        target: { kind: 'user', id: userId },
        outcome: 'allowed',
        ctx,
      });
    }
  }

  /**
   * Changes the signed-in user's password. A wrong current password counts as a failed sign-in
   * (throttled alike). Every other session of the user ends; this one goes on.
   */
  async changePassword(auth: Authenticated, req: PasswordChangeRequest, ctx: RequestContext): Promise<SessionDto> {
    const user = await this.#d.users.byId(auth.user.id);
    if (!user || user.disabled) throw new DomainError('unauthenticated', 'sign in again');
    const problem = passwordProblem(req.newPassword, user.username);
    if (problem) throw new DomainError('invalid_argument', `newPassword: ${problem}`, { newPassword: problem });
    const actor = { userId: user.id, username: user.username, role: user.role };
    const target = { kind: 'user', id: user.id } as const;

    const ticket = await this.#d.throttle.admit(user.username, ctx.address ?? null);
    const ok = await this.#d.hasher.verify(user.passwordHash, req.currentPassword).catch(async (error: unknown) => {
      await this.#d.throttle.settle(ticket, 'cancel');
      throw error;
    });
    await this.#d.throttle.settle(ticket, ok ? 'success' : 'failure');
    if (!ok) {
      await this.#d.trail.record({
        actor,
        action: 'auth.password_change',
        target,
        outcome: 'denied',
        reason: 'bad_password',
        ctx,
      });
      throw new DomainError('invalid_argument', 'the current password is wrong', { currentPassword: 'wrong password' });
    }

    const now = new Date(this.#d.now()).toISOString();
    const passwordHash = await this.#d.hasher.hash(req.newPassword);
    const updated = await this.#d.users.update(user.id, (u) => ({
      ...u,
      passwordHash,
      passwordChangedAt: now,
      updatedAt: now,
    }));
    const ended = await this.#d.sessions.endAllForUser(user.id, auth.sessionId);
    await this.#d.trail.record({
      actor,
      action: 'auth.password_change',
      target,
      outcome: 'allowed',
      detail: { endedSessions: ended },
      ctx,
    });
    const dto = toUserDto(updated);
    await this.#d.changes.emit(dto, ['password']);
    return { ...auth.session, user: dto };
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= this.#d.hasher.hash(this.#d.tokens.password());
    return this.#dummyHash;
  }

  async #recordFailure(
    username: string,
    user: UserRecord | null,
    reason: string,
    ctx: RequestContext,
    locked: Lockout[],
  ): Promise<void> {
    const actor = { userId: user?.id ?? null, username, role: user?.role ?? null };
    const target = user ? ({ kind: 'user', id: user.id } as const) : null;
    await this.#d.trail.record({ actor, action: 'auth.login_failed', target, outcome: 'denied', reason, ctx });
    for (const lock of locked) {
      await this.#d.trail.record({
        actor,
        action: 'auth.locked',
        target,
        outcome: 'denied',
        reason: lock.key.startsWith('login:addr:') ? 'address' : 'username',
        detail: { until: new Date(lock.until).toISOString() },
        ctx,
      });
    }
  }
}

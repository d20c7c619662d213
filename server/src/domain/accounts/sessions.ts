import type { SessionDto, UserDto } from '@clinicwall/contract';
import { principalOf, type Principal } from '../access/principal.ts';
import type { SessionRecord, SessionStore, TokenGenerator, UserStore } from './ports.ts';
import { toUserDto, type UserRecord } from './userRecord.ts';

export interface SessionConfig {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs: number;
  /** lastSeenAt is written at most this often (fewer store writes; idle precision is this coarse). */
  touchEveryMs: number;
}
export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  touchEveryMs: 60_000,
};

/** A valid session with its user as of now (the user is re-read each time: scope changes apply at once). */
export interface Authenticated {
  sessionId: string;
  user: UserDto;
  principal: Principal;
  session: SessionDto;
}

export interface SessionMeta {
  address?: string | null;
  userAgent?: string | null;
}

/** Opaque-token sessions with idle and absolute expiry; only the token's digest is stored. */
export class Sessions {
  readonly #store: SessionStore;
  readonly #users: UserStore;
  readonly #tokens: TokenGenerator;
  readonly #now: () => number;
  readonly config: SessionConfig;

  constructor(deps: {
    store: SessionStore;
    users: UserStore;
    tokens: TokenGenerator;
    now: () => number;
    config?: Partial<SessionConfig>;
  }) {
    this.#store = deps.store;
    this.#users = deps.users;
    this.#tokens = deps.tokens;
    this.#now = deps.now;
    this.config = { ...DEFAULT_SESSION_CONFIG, ...deps.config };
  }

  /** Starts a session; the token is for the cookie and is never stored. */
  async start(
    user: UserRecord,
    meta: SessionMeta = {},
  ): Promise<{ token: string; sessionId: string; session: SessionDto }> {
    const token = this.#tokens.token();
    const now = this.#now();
    const record: SessionRecord = {
      id: this.#tokens.digest(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: now + this.config.absoluteMs,
      address: meta.address ?? null,
      userAgent: meta.userAgent ?? null,
    };
    await this.#store.insert(record);
    return { token, sessionId: record.id, session: this.#dto(record, toUserDto(user)) };
  }

  /** The session of a token, or null when unknown, expired, or its user is gone or disabled (it then ends). */
  async authenticate(token: string | null | undefined): Promise<Authenticated | null> {
    if (!token || token.length > 512) return null;
    const id = this.#tokens.digest(token);
    const s = await this.#store.get(id);
    if (!s) return null;
    const now = this.#now();
    const user = await this.#users.byId(s.userId);
    if (!user || user.disabled || now - s.lastSeenAt >= this.config.idleMs || now >= s.absoluteExpiresAt) {
      await this.#store.delete(id);
      return null;
    }
    if (now - s.lastSeenAt >= this.config.touchEveryMs) {
      await this.#store.touch(id, now);
      s.lastSeenAt = now;
    }
    const dto = toUserDto(user);
    return { sessionId: id, user: dto, principal: principalOf(dto), session: this.#dto(s, dto) };
  }

  /** Ends the session of a token (logout); false when there was none. */
  async end(token: string): Promise<boolean> {
    const id = this.#tokens.digest(token);
    const existed = (await this.#store.get(id)) !== null;
    await this.#store.delete(id);
    return existed;
  }

  /** Ends every session of a user, but `exceptSessionId`; returns how many ended. */
  endAllForUser(userId: string, exceptSessionId?: string): Promise<number> {
    return this.#store.deleteForUser(userId, exceptSessionId);
  }

  #dto(s: SessionRecord, user: UserDto): SessionDto {
    return {
      user,
      expiresAt: new Date(Math.min(s.lastSeenAt + this.config.idleMs, s.absoluteExpiresAt)).toISOString(),
      absoluteExpiresAt: new Date(s.absoluteExpiresAt).toISOString(),
    };
  }
}

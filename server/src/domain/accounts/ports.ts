import type { UserRecord } from './userRecord.ts';

/** Storage of users. Usernames are unique (stored lower-case). */
export interface UserStore {
  byId(id: string): Promise<UserRecord | null>;
  byUsername(username: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /** Adds a user; throws DomainError `conflict` when the id or username is taken. */
  insert(user: UserRecord): Promise<void>;
  /**
   * Applies `change` to the stored user atomically and returns the result (so a sign-in writing
   * lastLoginAt never undoes an admin's concurrent change). The memory store runs it synchronously;
   * a Redis store would WATCH/MULTI and may call it again. `change` may throw to abort.
   * Throws DomainError `not_found` when there is no such user.
   */
  update(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord>;
}

/** A session, stored under the digest of its token (a leaked store holds no usable token). */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  absoluteExpiresAt: number;
  address: string | null;
  userAgent: string | null;
}

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | null>;
  touch(id: string, lastSeenAt: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Ends every session of a user but `exceptId`; returns how many ended. */
  deleteForUser(userId: string, exceptId?: string): Promise<number>;
  listForUser(userId: string): Promise<SessionRecord[]>;
}

/** Sign-in attempts of one key (a username or a client address). Times are ms since epoch. */
export interface ThrottleState {
  /** Failed attempts in the current window. */
  failures: number;
  /** When the current window began (the first failure counted in it). */
  windowStart: number;
  /** Attempts admitted and not yet settled (counted against the limit, so parallel guesses gain nothing). */
  pending: number;
  lastAttemptAt: number;
  lockedUntil: number;
  /** Lock-outs so far (each doubles the next); forgotten after a quiet window. */
  lockouts: number;
}

/**
 * Storage of throttle states. `update` must apply `next` atomically for its key (the memory store
 * runs it synchronously; a Redis store would WATCH/MULTI or use a script and may call it again).
 */
export interface ThrottleStore {
  update(key: string, next: (prev: ThrottleState | null) => ThrottleState, ttlMs: number): Promise<ThrottleState>;
  get(key: string): Promise<ThrottleState | null>;
  delete(key: string): Promise<void>;
}

/** Memory-hard password hashing (argon2id in production). Encoded strings carry their own parameters and salt. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password; also false (not a throw) for an encoded string it cannot read. */
  verify(encoded: string, password: string): Promise<boolean>;
  /** True when `encoded` was made with weaker parameters than today's: rehash after a successful sign-in. */
  needsRehash?(encoded: string): boolean;
}

/** Secrets: session tokens, their storage digests, generated passwords. */
export interface TokenGenerator {
  /** A fresh opaque token, at least 128 random bits, URL-safe. */
  token(): string;
  /** One-way digest of a token: the key a session is stored under. */
  digest(token: string): string;
  /** A fresh password that passes the strength rule, easy to read aloud (shown once). */
  password(): string;
}

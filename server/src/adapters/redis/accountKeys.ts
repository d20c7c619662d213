/** Redis keys of accounts, sessions, sign-in throttling and the audit log (all under `cw:`). */
export const ACCOUNT_KEYS = {
  /** Hash: user id → UserRecord JSON (with the password hash). */
  users: 'cw:users',
  /** Hash: username → user id (usernames are unique and immutable). */
  usernames: 'cw:users:names',
  /** Hash of one session's fields, keyed by the token digest; expires with the session. */
  session: (id: string) => `cw:session:${id}`,
  /** Set of a user's session ids (entries of expired sessions are dropped when read). */
  userSessions: (userId: string) => `cw:user-sessions:${userId}`,
  /** JSON ThrottleState of one key (`login:user:<name>`, `login:addr:<ip>`), with a TTL. */
  throttle: (key: string) => `cw:throttle:${key}`,
  /** Stream: the audit log, append-only, entry id = audit id. */
  audit: 'cw:audit',
  /** Pub/sub channel: access changes (sign-outs, password changes, disabled users, scope changes). */
  accessChanges: 'cw:access-changes',
} as const;

/**
 * Compare-and-set of one hash field. KEYS: hash. ARGV: field, the value it must still hold ('' =
 * absent), the new value. Returns 1 when written.
 */
export const CAS_HASH_FIELD = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if (cur or '') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

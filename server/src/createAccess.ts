import { chmod, writeFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import type { AccountsConfig } from './config.ts';
import { createAccessCore, type AccessCore } from './domain/accounts/accessCore.ts';
import type { PasswordHasher, SessionStore, ThrottleStore, UserStore } from './domain/accounts/ports.ts';
import type { AccessChangeBus } from './domain/accounts/userChanges.ts';
import type { DemoCredential } from './domain/accounts/seedDemoUsers.ts';
import type { RegistrySource } from './domain/access/registryIndex.ts';
import type { AuditLog } from './domain/audit/auditLog.ts';
import { Argon2Hasher } from './adapters/crypto/argon2Hasher.ts';
import { RandomTokens } from './adapters/crypto/randomTokens.ts';
import { MemoryAccessChangeBus } from './adapters/memory/accessChanges.ts';
import { MemoryAuditLog } from './adapters/memory/auditLog.ts';
import { MemorySessionStore } from './adapters/memory/sessionStore.ts';
import { MemoryThrottleStore } from './adapters/memory/throttleStore.ts';
import { MemoryUserStore } from './adapters/memory/userStore.ts';
import { RedisAccessChangeBus } from './adapters/redis/accessChanges.ts';
import { RedisAuditLog } from './adapters/redis/auditLog.ts';
import { RedisSessionStore } from './adapters/redis/sessionStore.ts';
import { RedisThrottleStore } from './adapters/redis/throttleStore.ts';
import { RedisUserStore } from './adapters/redis/userStore.ts';

/** Where users, sessions, sign-in throttling and the audit log live, and how access changes travel. */
export interface AccountStores {
  users: UserStore;
  sessions: SessionStore;
  throttle: ThrottleStore;
  audit: AuditLog;
  /** Sign-outs, password changes, disabled users and scope changes, to every server process. */
  changes: AccessChangeBus;
}

/** In memory: lost on restart (everyone signs in again; the audit log starts over); one process. */
export function memoryAccountStores(): AccountStores {
  return {
    users: new MemoryUserStore(),
    sessions: new MemorySessionStore(),
    throttle: new MemoryThrottleStore(),
    audit: new MemoryAuditLog(),
    changes: new MemoryAccessChangeBus(),
  };
}

/**
 * In Redis: shared by every server process, durable with the AOF (the audit log is a stream);
 * access changes go over pub/sub (`subscriber`: a connection of its own).
 */
export async function redisAccountStores(redis: Redis, subscriber: Redis): Promise<AccountStores> {
  const changes = new RedisAccessChangeBus(redis, subscriber);
  await changes.start();
  return {
    users: new RedisUserStore(redis),
    sessions: new RedisSessionStore(redis),
    throttle: new RedisThrottleStore(redis),
    audit: new RedisAuditLog(redis),
    changes,
  };
}

function credentialLines(created: readonly DemoCredential[]): string[] {
  const width = Math.max(...created.map((c) => c.username.length));
  return created.map((c) => `${c.username.padEnd(width)}  ${c.role.padEnd(11)}  ${c.password}`);
}

/**
 * Accounts, access policy and audit over the given stores, with argon2id passwords. When there are
 * no users yet, the demo users are created (one per role) and their passwords printed once on
 * stdout (and written to `demoPasswordsFile`, mode 600, when configured): they are stored nowhere
 * else in clear.
 */
export async function createAccess(o: {
  config: AccountsConfig;
  registry: RegistrySource;
  stores: AccountStores;
  hasher?: PasswordHasher;
}): Promise<AccessCore> {
  const core = createAccessCore({
    registry: o.registry,
    ...o.stores,
    hasher: o.hasher ?? new Argon2Hasher(),
    tokens: new RandomTokens(),
  });
  if ((await o.stores.users.list()).length === 0) {
    const created = await core.seedDemoUsers(o.config.demoPasswords);
    if (created.length > 0) {
      const lines = credentialLines(created);
      console.log(
        [
          '[accounts] demo users created; their passwords are shown this once (change them: POST /api/v1/auth/password):',
          ...lines.map((l) => `[accounts]   ${l}`),
        ].join('\n'),
      );
      if (o.config.demoPasswordsFile) {
        await writeFile(o.config.demoPasswordsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
        await chmod(o.config.demoPasswordsFile, 0o600);
      }
    }
  }
  await core.auth.warm();
  return core;
}

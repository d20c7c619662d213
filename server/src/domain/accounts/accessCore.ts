import { AccessGuard } from '../access/guard.ts';
import { AccessPolicy } from '../access/policy.ts';
import type { RegistrySource } from '../access/registryIndex.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import { AuditTrail } from '../audit/auditTrail.ts';
import { AuthService } from './authService.ts';
import { LoginThrottle } from './loginThrottle.ts';
import type { PasswordHasher, SessionStore, ThrottleStore, TokenGenerator, UserStore } from './ports.ts';
import { seedDemoUsers, type DemoCredential } from './seedDemoUsers.ts';
import { Sessions, type SessionConfig } from './sessions.ts';
import type { ThrottleRule } from './throttleState.ts';
import { UserAdmin } from './userAdmin.ts';
import { UserChanges, type AccessChangeBus } from './userChanges.ts';

export interface AccessCoreDeps {
  registry: RegistrySource;
  users: UserStore;
  sessions: SessionStore;
  throttle: ThrottleStore;
  audit: AuditLog;
  /** Carries user and session changes to every server process (memory: this one). */
  changes: AccessChangeBus;
  hasher: PasswordHasher;
  tokens: TokenGenerator;
  now?: () => number;
  session?: Partial<SessionConfig>;
  throttleRules?: { username?: ThrottleRule; address?: ThrottleRule };
}

/** Accounts, policy and audit wired together over their ports: what the composition root builds once. */
export function createAccessCore(deps: AccessCoreDeps) {
  const now = deps.now ?? Date.now;
  const trail = new AuditTrail(deps.audit, now);
  const policy = new AccessPolicy(deps.registry);
  const guard = new AccessGuard(policy, trail);
  const changes = new UserChanges(deps.changes);
  const sessions = new Sessions({
    store: deps.sessions,
    users: deps.users,
    tokens: deps.tokens,
    now,
    config: deps.session,
  });
  const throttle = new LoginThrottle(deps.throttle, now, deps.throttleRules);
  const common = {
    users: deps.users,
    sessions,
    throttle,
    hasher: deps.hasher,
    tokens: deps.tokens,
    trail,
    changes,
    now,
  };
  return {
    policy,
    guard,
    trail,
    changes,
    sessions,
    throttle,
    auth: new AuthService(common),
    userAdmin: new UserAdmin({ ...common, guard, registry: deps.registry }),
    /** Creates the missing demo users; returns their passwords to print once. */
    seedDemoUsers: (fixed?: Partial<Record<string, string>>): Promise<DemoCredential[]> =>
      seedDemoUsers(common, deps.registry.snapshot(), fixed),
  };
}
export type AccessCore = ReturnType<typeof createAccessCore>;

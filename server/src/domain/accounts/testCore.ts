import { AuditQuery, type AuditEntryDto, type AuditQueryInput, type Role } from '@clinicwall/contract';
import { MemoryAccessChangeBus } from '../../adapters/memory/accessChanges.ts';
import { MemoryAuditLog } from '../../adapters/memory/auditLog.ts';
import { MemorySessionStore } from '../../adapters/memory/sessionStore.ts';
import { MemoryThrottleStore } from '../../adapters/memory/throttleStore.ts';
import { MemoryUserStore } from '../../adapters/memory/userStore.ts';
import { principal, twoRegionRegistry } from '../access/testRegistry.ts';
import { createAccessCore, type AccessCoreDeps } from './accessCore.ts';
import { FakeClock, FakeHasher, FakeTokens } from './testDoubles.ts';

/** The whole access core over memory stores, fake hasher/tokens and a hand-moved clock (for specs). */
export function testCore(over: Partial<AccessCoreDeps> = {}) {
  const clock = new FakeClock();
  const hasher = new FakeHasher();
  const tokens = new FakeTokens();
  const users = new MemoryUserStore();
  const sessions = new MemorySessionStore();
  const audit = new MemoryAuditLog();
  const snap = twoRegionRegistry();
  const core = createAccessCore({
    registry: { snapshot: () => snap },
    users,
    sessions,
    throttle: new MemoryThrottleStore(clock.now),
    audit,
    changes: new MemoryAccessChangeBus(),
    hasher,
    tokens,
    now: clock.now,
    ...over,
  });
  const admin = principal('admin', { id: 'u-root', username: 'root' });
  const http = { transport: 'http', address: '10.0.0.1' } as const;
  return {
    ...core,
    clock,
    hasher,
    tokens,
    stores: { users, sessions, audit },
    admin,
    http,
    /** Audit entries, oldest first. */
    async audited(filter: AuditQueryInput = {}): Promise<AuditEntryDto[]> {
      return (await audit.query(AuditQuery.parse({ limit: 200, ...filter }))).items.reverse();
    },
    /** Creates a user with a known password through the admin service. */
    async addUser(
      username: string,
      role: Role,
      password = 'correct-horse-battery',
      extra: Record<string, unknown> = {},
    ) {
      const scope =
        role === 'operator' || role === 'supervisor'
          ? { regionIds: ['r-north'] }
          : role === 'clinic'
            ? { clinicId: 'c-n1' }
            : {};
      const { user } = await core.userAdmin.create(
        admin,
        {
          username,
          displayName: username,
          role,
          password,
          regionIds: [],
          allRegions: false,
          clinicId: null,
          ...scope,
          ...extra,
        },
        http,
      );
      return user;
    },
  };
}

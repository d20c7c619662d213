import type { RegistrySnapshot, Role } from '@clinicwall/contract';
import type { AuditTrail } from '../audit/auditTrail.ts';
import type { PasswordHasher, TokenGenerator, UserStore } from './ports.ts';
import { userIdOf, type UserRecord } from './userRecord.ts';

/** A demo account whose password was generated now: print it once, it is not kept in clear anywhere. */
export interface DemoCredential {
  username: string;
  role: Role;
  displayName: string;
  password: string;
}

export interface SeedDeps {
  users: UserStore;
  hasher: PasswordHasher;
  tokens: TokenGenerator;
  trail: AuditTrail;
  now: () => number;
}

type DemoSpec = Pick<UserRecord, 'username' | 'displayName' | 'role' | 'regionIds' | 'allRegions' | 'clinicId'>;

/**
 * The demo's users, one per role, scoped on the given registry: the operator sees every region,
 * the supervisor the first two, the clinic user owns the clinic of the first browser camera.
 */
export function demoUserSpecs(snap: RegistrySnapshot): DemoSpec[] {
  const base = { regionIds: [] as string[], allRegions: false, clinicId: null };
  const webrtc = snap.cameras.find((c) => c.source.kind === 'webrtc') ?? snap.cameras[0];
  const clinic = snap.clinics.find((c) => c.id === webrtc?.clinicId) ?? snap.clinics[0];
  const specs: DemoSpec[] = [
    { ...base, username: 'admin', displayName: '系统管理员', role: 'admin' },
    { ...base, username: 'operator', displayName: '值班员', role: 'operator', allRegions: true },
    {
      ...base,
      username: 'supervisor',
      displayName: `督导员（${snap.regions
        .slice(0, 2)
        .map((r) => r.name)
        .join('、')}）`,
      role: 'supervisor',
      regionIds: snap.regions.slice(0, 2).map((r) => r.id),
    },
    { ...base, username: 'integration', displayName: '医保结算接口', role: 'integration' },
  ];
  if (clinic)
    specs.push({ ...base, username: 'clinic', displayName: clinic.name, role: 'clinic', clinicId: clinic.id });
  return specs;
}

/**
 * Creates the demo users that do not exist yet, with generated passwords (or `fixed` ones, e.g. for
 * end-to-end tests), and returns the credentials of those it created. Existing users are left alone.
 */
export async function seedDemoUsers(
  deps: SeedDeps,
  snap: RegistrySnapshot,
  fixed: Partial<Record<string, string>> = {},
): Promise<DemoCredential[]> {
  const created: DemoCredential[] = [];
  for (const spec of demoUserSpecs(snap)) {
    if (await deps.users.byUsername(spec.username)) continue;
    const password = fixed[spec.username] ?? deps.tokens.password();
    const now = new Date(deps.now()).toISOString();
    const record: UserRecord = {
      ...spec,
      id: userIdOf(spec.username),
      disabled: false,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: null,
      passwordHash: await deps.hasher.hash(password),
      passwordChangedAt: now,
    };
    await deps.users.insert(record);
    await deps.trail.record({
      actor: { userId: null, username: 'system', role: null },
      action: 'users.create',
      target: { kind: 'user', id: record.id },
      outcome: 'allowed',
      reason: 'demo_seed',
      detail: {
        username: spec.username,
        role: spec.role,
        regionIds: spec.regionIds,
        allRegions: spec.allRegions,
        clinicId: spec.clinicId,
      },
      ctx: { transport: 'system' },
    });
    created.push({ username: spec.username, role: spec.role, displayName: spec.displayName, password });
  }
  return created;
}

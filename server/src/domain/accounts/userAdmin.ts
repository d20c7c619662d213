import {
  passwordProblem,
  userScopeProblems,
  type AuditDetail,
  type PasswordResetDto,
  type PasswordResetRequest,
  type RegionAssignmentRequest,
  type UserCreatedDto,
  type UserCreateRequest,
  type UserDto,
  type UserUpdateRequest,
} from '@clinicwall/contract';
import { DomainError } from '../errors.ts';
import type { AccessGuard } from '../access/guard.ts';
import type { Principal } from '../access/principal.ts';
import type { RegistrySource } from '../access/registryIndex.ts';
import type { AuditTrail, RequestContext } from '../audit/auditTrail.ts';
import type { LoginThrottle } from './loginThrottle.ts';
import type { PasswordHasher, TokenGenerator, UserStore } from './ports.ts';
import type { Sessions } from './sessions.ts';
import type { UserChangeKind, UserChanges } from './userChanges.ts';
import { toUserDto, userIdOf, type UserRecord } from './userRecord.ts';

export interface UserAdminDeps {
  users: UserStore;
  sessions: Sessions;
  throttle: LoginThrottle;
  hasher: PasswordHasher;
  tokens: TokenGenerator;
  guard: AccessGuard;
  trail: AuditTrail;
  registry: RegistrySource;
  changes: UserChanges;
  now: () => number;
}

type ScopeFields = Pick<UserRecord, 'role' | 'regionIds' | 'allRegions' | 'clinicId'>;
const SCOPE_KEYS = ['role', 'regionIds', 'allRegions', 'clinicId'] as const;
const EDITABLE_KEYS = ['displayName', ...SCOPE_KEYS, 'disabled'] as const;

/** The editable fields that differ between two versions of a user. */
function changedKeys(a: UserRecord, b: UserRecord): (typeof EDITABLE_KEYS)[number][] {
  return EDITABLE_KEYS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** The admin's user management. Every method checks `users.manage` through the guard (denials audited). */
export class UserAdmin {
  readonly #d: UserAdminDeps;

  constructor(deps: UserAdminDeps) {
    this.#d = deps;
  }

  async list(actor: Principal, ctx: RequestContext): Promise<UserDto[]> {
    await this.#allow(actor, ctx);
    const users = await this.#d.users.list();
    return users.map(toUserDto).sort((a, b) => a.username.localeCompare(b.username));
  }

  async get(actor: Principal, userId: string, ctx: RequestContext): Promise<UserDto> {
    await this.#allow(actor, ctx);
    return toUserDto(await this.#load(userId));
  }

  /** Creates a user; without a password in the request one is generated and returned (once). */
  async create(actor: Principal, req: UserCreateRequest, ctx: RequestContext): Promise<UserCreatedDto> {
    await this.#allow(actor, ctx);
    this.#checkScope(req);
    const generated = req.password === undefined ? this.#d.tokens.password() : null;
    const now = new Date(this.#d.now()).toISOString();
    const record: UserRecord = {
      id: userIdOf(req.username),
      username: req.username,
      displayName: req.displayName,
      role: req.role,
      regionIds: [...req.regionIds],
      allRegions: req.allRegions,
      clinicId: req.clinicId,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: null,
      passwordHash: await this.#d.hasher.hash(req.password ?? generated!),
      passwordChangedAt: now,
    };
    await this.#d.users.insert(record);
    const user = toUserDto(record);
    await this.#d.trail.userChanged(actor, 'users.create', user.id, ctx, {
      username: user.username,
      role: user.role,
      regionIds: user.regionIds,
      allRegions: user.allRegions,
      clinicId: user.clinicId,
    });
    await this.#d.changes.emit(user, ['created']);
    return { user, password: generated };
  }

  /**
   * Changes name, role, scope or the disabled flag. A new role starts from no regions and no clinic
   * unless the request gives them. Disabling ends every session of the user. Admins cannot disable
   * or demote themselves (there would be no one left to undo it).
   */
  async update(actor: Principal, userId: string, req: UserUpdateRequest, ctx: RequestContext): Promise<UserDto> {
    await this.#allow(actor, ctx);
    return this.#change(actor, userId, 'users.update', ctx, (before) => {
      if (before.id === actor.id && (req.disabled === true || (req.role !== undefined && req.role !== 'admin')))
        throw new DomainError('conflict', 'you cannot disable or demote yourself');
      const roleChanged = req.role !== undefined && req.role !== before.role;
      const base: ScopeFields = roleChanged
        ? { role: req.role!, regionIds: [], allRegions: false, clinicId: null }
        : { role: before.role, regionIds: before.regionIds, allRegions: before.allRegions, clinicId: before.clinicId };
      return {
        ...before,
        ...base,
        ...(req.displayName !== undefined ? { displayName: req.displayName } : {}),
        ...(req.regionIds !== undefined ? { regionIds: [...req.regionIds] } : {}),
        ...(req.allRegions !== undefined ? { allRegions: req.allRegions } : {}),
        ...(req.clinicId !== undefined ? { clinicId: req.clinicId } : {}),
        ...(req.disabled !== undefined ? { disabled: req.disabled } : {}),
      };
    });
  }

  /** Sets the regions of an operator or supervisor. */
  async assignRegions(
    actor: Principal,
    userId: string,
    req: RegionAssignmentRequest,
    ctx: RequestContext,
  ): Promise<UserDto> {
    await this.#allow(actor, ctx);
    return this.#change(actor, userId, 'users.regions', ctx, (before) => {
      if (before.role !== 'operator' && before.role !== 'supervisor')
        throw new DomainError('invalid_argument', `a ${before.role} user has no regions`, {
          regionIds: 'only operators and supervisors have regions',
        });
      return { ...before, regionIds: [...req.regionIds], allRegions: req.allRegions };
    });
  }

  /** Sets a new password (generated unless given), ends every session and lifts a sign-in lock. */
  async resetPassword(
    actor: Principal,
    userId: string,
    req: PasswordResetRequest,
    ctx: RequestContext,
  ): Promise<PasswordResetDto> {
    await this.#allow(actor, ctx);
    const user = await this.#load(userId);
    const problem = req.password === undefined ? null : passwordProblem(req.password, user.username);
    if (problem) throw new DomainError('invalid_argument', `password: ${problem}`, { password: problem });
    const generated = req.password === undefined ? this.#d.tokens.password() : null;
    const now = new Date(this.#d.now()).toISOString();
    const passwordHash = await this.#d.hasher.hash(req.password ?? generated!);
    const updated = await this.#d.users.update(user.id, (u) => ({
      ...u,
      passwordHash,
      passwordChangedAt: now,
      updatedAt: now,
    }));
    const ended = await this.#d.sessions.endAllForUser(user.id);
    await this.#d.throttle.clear(user.username);
    await this.#d.trail.userChanged(actor, 'users.password_reset', user.id, ctx, {
      username: user.username,
      endedSessions: ended,
    });
    await this.#d.changes.emit(toUserDto(updated), ['password']);
    return { password: generated };
  }

  /** Applies `edit` atomically in the store, then ends sessions, audits and tells listeners what changed. */
  async #change(
    actor: Principal,
    userId: string,
    action: 'users.update' | 'users.regions',
    ctx: RequestContext,
    edit: (before: UserRecord) => UserRecord,
  ): Promise<UserDto> {
    const seen: { before?: UserRecord } = {};
    const now = new Date(this.#d.now()).toISOString();
    const after = await this.#d.users.update(userId, (current) => {
      seen.before = current;
      const next = edit(current);
      this.#checkScope(next);
      return changedKeys(current, next).length > 0 ? { ...next, updatedAt: now } : current;
    });
    const before = seen.before!;
    const changed = changedKeys(before, after);
    if (changed.length === 0) return toUserDto(after);
    const disabledNow = after.disabled && !before.disabled;
    const ended = disabledNow ? await this.#d.sessions.endAllForUser(after.id) : 0;
    const detail: AuditDetail = { username: after.username, changed: [...changed] };
    for (const k of changed) detail[k] = after[k];
    if (ended) detail.endedSessions = ended;
    await this.#d.trail.userChanged(actor, action, after.id, ctx, detail);
    const kinds: UserChangeKind[] = [];
    if (changed.some((k) => (SCOPE_KEYS as readonly string[]).includes(k))) kinds.push('scope');
    if (disabledNow) kinds.push('disabled');
    if (kinds.length === 0) kinds.push('updated');
    const user = toUserDto(after);
    await this.#d.changes.emit(user, kinds);
    return user;
  }

  /** Role/region/clinic consistency and references to the registry: invalid_argument with per-field messages. */
  #checkScope(u: ScopeFields): void {
    const fields = userScopeProblems(u);
    const snap = this.#d.registry.snapshot();
    const regions = new Set(snap.regions.map((r) => r.id));
    u.regionIds.forEach((id, i) => {
      if (!regions.has(id)) fields[`regionIds.${i}`] = `unknown region ${id}`;
    });
    if (u.clinicId && !snap.clinics.some((c) => c.id === u.clinicId)) fields.clinicId = `unknown clinic ${u.clinicId}`;
    if (Object.keys(fields).length > 0)
      throw new DomainError('invalid_argument', `invalid user: ${Object.values(fields).join('; ')}`, fields);
  }

  async #allow(actor: Principal, ctx: RequestContext): Promise<void> {
    await this.#d.guard.check(actor, 'users.manage', { kind: 'system' }, ctx);
  }

  async #load(userId: string): Promise<UserRecord> {
    const user = await this.#d.users.byId(userId);
    if (!user) throw new DomainError('not_found', `user ${userId} does not exist`);
    return user;
  }
}

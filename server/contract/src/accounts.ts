import { z } from 'zod';
import { EventId } from './swipes.ts';

/**
 * Accounts, sessions, access actions and the audit log: the wire shapes of issue 6.
 *
 * Scope of a user, by role:
 * - admin: everything; has no regions and no clinic.
 * - operator, supervisor: the clinics of `regionIds`. An empty list means NOTHING is visible; seeing
 *   every region needs `allRegions: true`, set explicitly by an admin (so a forgotten assignment
 *   never turns into city-wide access).
 * - clinic: its own clinic (`clinicId`): publishes its WebRTC cameras, files maintenance reports.
 * - integration: a machine (the swipe webhook); ingests swipes, sees nothing.
 * Users are never deleted (the audit log refers to them), only disabled.
 */

export const ROLES = ['admin', 'operator', 'supervisor', 'clinic', 'integration'] as const;
export const Role = z.enum(ROLES, { message: 'one of admin, operator, supervisor, clinic, integration' });
export type Role = z.infer<typeof Role>;
/** Roles that are scoped by regions. */
export const REGION_ROLES: readonly Role[] = ['operator', 'supervisor'];

// ---- passwords ----

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** Refused whatever their length (compared case-insensitively); the top of leaked-password lists. */
export const COMMON_PASSWORDS: readonly string[] = [
  '0123456789',
  '1234567890',
  '12345678910',
  '123456789a',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  '0000000000',
  '1111111111',
  '5201314520',
  'a123456789',
  'aa12345678',
  'abc1234567',
  'abcd123456',
  'admin12345',
  'admin123456',
  'administrator',
  'changeme123',
  'clinicwall',
  'clinicwall123',
  'iloveyou123',
  'letmein123',
  'passw0rd123',
  'password12',
  'password123',
  'password1234',
  'qwerty12345',
  'qwerty123456',
  'qwertyuiop',
  'welcome123',
  'woaini1314',
  'zxcvbnm123',
];

/** Why a new password is refused, or null when it is acceptable. Shared by server and web (live hint). */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (username && lower.includes(username.trim().toLowerCase())) return 'must not contain the username';
  if (COMMON_PASSWORDS.includes(lower) || /^(.)\1*$/.test(password)) return 'too common, choose another';
  return null;
}

const newPassword = (field: string) =>
  z.string({ message: `${field} is required` }).superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// ---- users ----

/** Lower-cased on input; immutable once created. */
export const Username = z
  .string({ message: 'username is required' })
  .trim()
  .toLowerCase()
  .min(3, 'at least 3 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit');

const DisplayName = z
  .string({ message: 'displayName is required' })
  .trim()
  .min(1, 'displayName is required')
  .max(100, 'at most 100 characters');

const entityId = z.string().min(1, 'must not be empty').max(64, 'at most 64 characters');
const RegionIds = z
  .array(entityId, { message: 'a list of region ids' })
  .max(100, 'at most 100 regions')
  .refine((ids) => new Set(ids).size === ids.length, 'each region at most once');

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** operator/supervisor only (empty for other roles). */
  regionIds: string[];
  /** operator/supervisor only: every region, now and future. */
  allRegions: boolean;
  /** clinic users only. */
  clinicId: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

/** The role-dependent fields of a user, checked together. */
export interface UserScopeFields {
  role: Role;
  regionIds: readonly string[];
  allRegions: boolean;
  clinicId: string | null;
}

/** Per-field problems of a role with its regions / clinic (empty when consistent). */
export function userScopeProblems(u: UserScopeFields): Record<string, string> {
  const problems: Record<string, string> = {};
  const regional = REGION_ROLES.includes(u.role);
  if (!regional && u.regionIds.length > 0) problems.regionIds = 'only operators and supervisors have regions';
  if (!regional && u.allRegions) problems.allRegions = 'only operators and supervisors have regions';
  if (regional && u.allRegions && u.regionIds.length > 0) problems.regionIds = 'leave empty when allRegions is set';
  if (u.role === 'clinic' && !u.clinicId) problems.clinicId = 'a clinic user needs a clinicId';
  if (u.role !== 'clinic' && u.clinicId) problems.clinicId = 'only clinic users have a clinic';
  return problems;
}

function addScopeIssues(u: UserScopeFields, ctx: z.RefinementCtx): void {
  for (const [field, message] of Object.entries(userScopeProblems(u))) {
    ctx.addIssue({ code: 'custom', path: [field], message });
  }
}

/** POST /api/v1/users (admin). Without `password`, one is generated and returned once. */
export const UserCreateRequest = z
  .object({
    username: Username,
    displayName: DisplayName,
    role: Role,
    password: z.string({ message: 'a string' }).optional(),
    regionIds: RegionIds.default([]),
    allRegions: z.boolean({ message: 'true or false' }).default(false),
    clinicId: entityId.nullable().default(null),
  })
  .superRefine((u, ctx) => {
    addScopeIssues(u, ctx);
    if (u.password !== undefined) {
      const problem = passwordProblem(u.password, u.username);
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
    }
  });
export type UserCreateRequest = z.infer<typeof UserCreateRequest>;
export type UserCreateRequestInput = z.input<typeof UserCreateRequest>;

/** PATCH /api/v1/users/:id (admin). The merged result is checked with userScopeProblems. */
export const UserUpdateRequest = z
  .strictObject({
    displayName: DisplayName.optional(),
    role: Role.optional(),
    regionIds: RegionIds.optional(),
    allRegions: z.boolean({ message: 'true or false' }).optional(),
    clinicId: entityId.nullable().optional(),
    disabled: z.boolean({ message: 'true or false' }).optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'nothing to change');
export type UserUpdateRequest = z.infer<typeof UserUpdateRequest>;

/** PUT /api/v1/users/:id/regions (admin): operators and supervisors only. */
export const RegionAssignmentRequest = z
  .object({ regionIds: RegionIds, allRegions: z.boolean({ message: 'true or false' }).default(false) })
  .superRefine((r, ctx) => {
    if (r.allRegions && r.regionIds.length > 0)
      ctx.addIssue({ code: 'custom', path: ['regionIds'], message: 'leave empty when allRegions is set' });
  });
export type RegionAssignmentRequest = z.infer<typeof RegionAssignmentRequest>;

/** POST /api/v1/users/:id/password (admin reset). Without `password`, one is generated and returned once. */
export const PasswordResetRequest = z.object({ password: newPassword('password').optional() });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** A created user (or reset password): the generated password is shown once, never stored in clear. */
export interface UserCreatedDto {
  user: UserDto;
  /** Generated password, or null when the admin chose one. */
  password: string | null;
}
export interface PasswordResetDto {
  password: string | null;
}

// ---- sign-in ----

/** POST /api/v1/auth/login. No strength rule here: a wrong password only gets the generic error. */
export const LoginRequest = z.object({
  username: z
    .string({ message: 'username is required' })
    .trim()
    .toLowerCase()
    .min(1, 'username is required')
    .max(64, 'at most 64 characters'),
  password: z
    .string({ message: 'password is required' })
    .min(1, 'password is required')
    .max(1024, 'at most 1024 characters'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** POST /api/v1/auth/password. The service also refuses a new password containing the username. */
export const PasswordChangeRequest = z
  .object({
    currentPassword: z
      .string({ message: 'currentPassword is required' })
      .min(1, 'currentPassword is required')
      .max(1024, 'at most 1024 characters'),
    newPassword: newPassword('newPassword'),
  })
  .refine((r) => r.newPassword !== r.currentPassword, {
    path: ['newPassword'],
    message: 'must differ from the current password',
  });
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequest>;

/**
 * Why the server ended a signed-in socket's session (`session:ended`, sent just before it
 * disconnects the socket): signed out (on this or another device), the password was changed or
 * reset, the account was disabled, or the session expired / ended otherwise.
 */
export const SESSION_END_REASONS = ['signed_out', 'password_changed', 'disabled', 'expired'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** The signed-in user. The session token itself travels only in the httpOnly cookie. */
export interface SessionDto {
  user: UserDto;
  /** When the session ends if unused (idle timeout), capped by absoluteExpiresAt. */
  expiresAt: string;
  /** When the session ends whatever happens. */
  absoluteExpiresAt: string;
}

// ---- access actions (what the policy decides) ----

export const ACCESS_ACTIONS = [
  'camera.view',
  'camera.consume',
  'camera.produce',
  'swipes.read',
  'swipes.ingest',
  'alarms.read',
  'alarms.ack',
  'alarms.snooze',
  'alarms.comment',
  'alarms.clear',
  'maintenance.read',
  'maintenance.create',
  'users.manage',
  'mappings.edit',
  'audit.read',
  'ledger.read',
  'ledger.write',
] as const;
export const AccessAction = z.enum(ACCESS_ACTIONS);
export type AccessAction = z.infer<typeof AccessAction>;

/** What a policy decision is about; `system` is the whole installation (e.g. the user list). */
export const RESOURCE_KINDS = ['system', 'region', 'clinic', 'camera', 'terminal'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

// ---- audit log ----

/** Events recorded besides access decisions (which are recorded under their AccessAction). */
export const AUDIT_EVENTS = [
  'camera.view_started',
  'camera.view_ended',
  'camera.publish_started',
  'camera.publish_ended',
  'users.create',
  'users.update',
  'users.regions',
  'users.password_reset',
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.password_change',
] as const;
export const AUDIT_ACTIONS = [...ACCESS_ACTIONS, ...AUDIT_EVENTS] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS, { message: 'an audit action such as camera.view_started' });
export type AuditAction = z.infer<typeof AuditAction>;

export const AUDIT_TARGET_KINDS = [...RESOURCE_KINDS, 'user'] as const;
export const AuditTargetKind = z.enum(AUDIT_TARGET_KINDS, {
  message: `one of ${AUDIT_TARGET_KINDS.join(', ')}`,
});
export type AuditTargetKind = z.infer<typeof AuditTargetKind>;

export const AUDIT_OUTCOMES = ['allowed', 'denied'] as const;
export const AuditOutcome = z.enum(AUDIT_OUTCOMES, { message: 'allowed or denied' });
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AUDIT_TRANSPORTS = ['http', 'socket', 'sfu', 'system'] as const;
export type AuditTransport = (typeof AUDIT_TRANSPORTS)[number];

/** Who did it; userId null for an unknown or anonymous caller (failed sign-in, no session). */
export interface AuditActor {
  userId: string | null;
  username: string;
  role: Role | null;
}
/** What it was done to; alarm actions target their camera (detail.alarmId names the alarm). */
export interface AuditTarget {
  kind: AuditTargetKind;
  id: string;
}
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

export interface AuditEntryDto {
  /** Ordered id `<ms>-<seq>`, usable as a paging cursor. */
  id: EventId;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  target: AuditTarget | null;
  outcome: AuditOutcome;
  /** Machine reason of a denial (e.g. out_of_scope) or of an event (e.g. disabled). */
  reason: string | null;
  detail: AuditDetail;
  transport: AuditTransport;
  /** Client address as the transport saw it. */
  address: string | null;
}

const isoTime = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 time with offset, e.g. 2026-11-23T09:30:00+08:00',
});

/** GET /api/v1/audit (admin): filters and paging, newest first; `before` = nextBefore of the previous page. */
export const AuditQuery = z
  .object({
    userId: entityId.optional(),
    username: z.string().trim().toLowerCase().min(1, 'must not be empty').max(64).optional(),
    action: AuditAction.optional(),
    outcome: AuditOutcome.optional(),
    targetKind: AuditTargetKind.optional(),
    targetId: entityId.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    before: EventId.optional(),
    limit: z.coerce
      .number({ message: 'a number' })
      .int('a whole number')
      .min(1, 'at least 1')
      .max(200, 'at most 200')
      .default(50),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    message: 'must not be before from',
  });
export type AuditQuery = z.infer<typeof AuditQuery>;
export type AuditQueryInput = z.input<typeof AuditQuery>;

export interface AuditPageDto {
  items: AuditEntryDto[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: EventId | null;
}

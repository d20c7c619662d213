import {
  passwordProblem,
  REGION_ROLES,
  Username,
  type Role,
  type UserCreateRequestInput,
  type UserDto,
  type UserUpdateRequest,
} from '@clinicwall/contract';
import type { MessageKey, MessageParams } from '../i18n/types.ts';
import { passwordProblemKey } from './navigation.ts';

/** The user form (create and edit) as the admin page edits it. */
export interface UserDraft {
  username: string;
  displayName: string;
  role: Role;
  regionIds: string[];
  allRegions: boolean;
  /** '' = none. */
  clinicId: string;
  disabled: boolean;
  /** Create only; '' = generate one. */
  password: string;
}

export type DraftField = 'username' | 'displayName' | 'clinicId' | 'password';
export type DraftProblems = Partial<Record<DraftField, { key: MessageKey; params?: MessageParams }>>;

export function emptyDraft(): UserDraft {
  return {
    username: '',
    displayName: '',
    role: 'supervisor',
    regionIds: [],
    allRegions: false,
    clinicId: '',
    disabled: false,
    password: '',
  };
}

export function draftOf(user: UserDto): UserDraft {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionIds: [...user.regionIds],
    allRegions: user.allRegions,
    clinicId: user.clinicId ?? '',
    disabled: user.disabled,
    password: '',
  };
}

export function isRegional(role: Role): boolean {
  return REGION_ROLES.includes(role);
}

/** The role-dependent fields as the API wants them: regions only for regional roles, a clinic only for clinic users. */
export function scopeOf(draft: UserDraft): { regionIds: string[]; allRegions: boolean; clinicId: string | null } {
  const regional = isRegional(draft.role);
  return {
    regionIds: regional && !draft.allRegions ? [...new Set(draft.regionIds)] : [],
    allRegions: regional && draft.allRegions,
    clinicId: draft.role === 'clinic' && draft.clinicId ? draft.clinicId : null,
  };
}

/** What is wrong with the form before sending it (the server checks again and has the last word). */
export function draftProblems(draft: UserDraft, mode: 'create' | 'edit'): DraftProblems {
  const out: DraftProblems = {};
  if (mode === 'create' && !Username.safeParse(draft.username).success) out.username = { key: 'users.err.username' };
  if (!draft.displayName.trim()) out.displayName = { key: 'users.err.displayName' };
  if (draft.role === 'clinic' && !draft.clinicId) out.clinicId = { key: 'users.err.clinic' };
  if (mode === 'create' && draft.password) {
    const problem = passwordProblem(draft.password, draft.username);
    if (problem) out.password = passwordProblemKey(problem);
  }
  return out;
}

/** The regional role has no region at all: it will see nothing (worth a warning, not an error). */
export function seesNothing(draft: UserDraft): boolean {
  return isRegional(draft.role) && !draft.allRegions && draft.regionIds.length === 0;
}

export function createRequestOf(draft: UserDraft): UserCreateRequestInput {
  return {
    username: draft.username.trim().toLowerCase(),
    displayName: draft.displayName.trim(),
    role: draft.role,
    ...scopeOf(draft),
    ...(draft.password ? { password: draft.password } : {}),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Only what changed (PATCH), or null when nothing did. Scope fields go together so the server checks them as one. */
export function updateRequestOf(user: UserDto, draft: UserDraft): UserUpdateRequest | null {
  const req: UserUpdateRequest = {};
  const displayName = draft.displayName.trim();
  if (displayName !== user.displayName) req.displayName = displayName;
  const scope = scopeOf(draft);
  const scopeChanged =
    draft.role !== user.role ||
    scope.allRegions !== user.allRegions ||
    !sameSet(scope.regionIds, user.regionIds) ||
    scope.clinicId !== user.clinicId;
  if (scopeChanged) {
    if (draft.role !== user.role) req.role = draft.role;
    req.regionIds = scope.regionIds;
    req.allRegions = scope.allRegions;
    req.clinicId = scope.clinicId;
  }
  if (draft.disabled !== user.disabled) req.disabled = draft.disabled;
  return Object.keys(req).length > 0 ? req : null;
}

/** The list's search: username or display name contains the text (case-insensitive), and the role if given. */
export function matchesUser(user: UserDto, text: string, role: Role | ''): boolean {
  if (role && user.role !== role) return false;
  const t = text.trim().toLowerCase();
  return !t || user.username.includes(t) || user.displayName.toLowerCase().includes(t);
}

/** Enabled users first, then by username. */
export function sortUsers(users: readonly UserDto[]): UserDto[] {
  return [...users].sort(
    (a, b) =>
      Number(a.disabled) - Number(b.disabled) || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0),
  );
}

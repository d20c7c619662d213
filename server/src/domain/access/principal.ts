import type { AuditActor, Role, UserDto } from '@clinicwall/contract';

/** Whoever acts: a signed-in user (from its session) or a machine credential mapped to a user. */
export interface Principal {
  id: string;
  username: string;
  role: Role;
  /** Regions of an operator or supervisor; empty = nothing, unless allRegions. */
  regionIds: readonly string[];
  allRegions: boolean;
  /** The clinic of a clinic user. */
  clinicId: string | null;
  disabled: boolean;
}

export function principalOf(user: UserDto): Principal {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    regionIds: [...user.regionIds],
    allRegions: user.allRegions,
    clinicId: user.clinicId,
    disabled: user.disabled,
  };
}

/** How a principal appears in the audit log. */
export function actorOf(principal: Principal | null, fallbackName = 'anonymous'): AuditActor {
  return principal
    ? { userId: principal.id, username: principal.username, role: principal.role }
    : { userId: null, username: fallbackName, role: null };
}

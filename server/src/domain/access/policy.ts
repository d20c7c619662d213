import type { AccessAction, ResourceKind } from '@clinicwall/contract';
import type { Principal } from './principal.ts';
import { RULES, type Reach } from './rules.ts';
import { RegistryIndexCache, type Placement, type RegistryIndex, type RegistrySource } from './registryIndex.ts';

/** What an action is about. */
export type Resource = { kind: 'system' } | { kind: Exclude<ResourceKind, 'system'>; id: string };

export type AllowReason = 'unrestricted' | 'all_regions' | 'in_region' | 'own_clinic';
export type DenyReason =
  | 'unauthenticated'
  | 'disabled'
  | 'not_applicable'
  | 'role_not_permitted'
  | 'unknown_resource'
  | 'out_of_scope'
  | 'not_publishable';

interface Where {
  regionId?: string;
  clinicId?: string;
}
export type Decision =
  ({ allowed: true; reason: AllowReason } & Where) | ({ allowed: false; reason: DenyReason; message: string } & Where);

/** The ids a principal may act on for one action, for filtering lists. */
export interface Scope {
  /** Unrestricted (admin, or allRegions): lists need no filter; the sets still hold every id. */
  all: boolean;
  regionIds: ReadonlySet<string>;
  clinicIds: ReadonlySet<string>;
  cameraIds: ReadonlySet<string>;
  terminalIds: ReadonlySet<string>;
}

export function describe(resource: Resource): string {
  return resource.kind === 'system' ? 'everything' : `${resource.kind} ${resource.id}`;
}

const deny = (reason: DenyReason, message: string, where: Where = {}): Decision => ({
  allowed: false,
  reason,
  message,
  ...where,
});

/**
 * The one access policy of every transport (HTTP, socket, SFU): given a principal, an action and a
 * resource, allow or deny with a reason. Camera → clinic → region comes from the registry.
 */
export class AccessPolicy {
  readonly #registry: RegistryIndexCache;

  constructor(registry: RegistrySource) {
    this.#registry = new RegistryIndexCache(registry);
  }

  /** Re-index after the registry snapshot was changed in place. */
  refresh(): void {
    this.#registry.refresh();
  }

  decide(principal: Principal | null, action: AccessAction, resource: Resource): Decision {
    if (!principal) return deny('unauthenticated', 'sign in first');
    if (principal.disabled) return deny('disabled', 'this account is disabled');
    const rule = RULES[action];
    if (!rule.on.includes(resource.kind))
      return deny('not_applicable', `${action} does not apply to a ${resource.kind}`);
    const reach = rule.roles[principal.role];
    if (!reach) return deny('role_not_permitted', `the ${principal.role} role may not ${action}`);
    if (reach === 'any') return { allowed: true, reason: 'unrestricted' };
    if (resource.kind === 'system') {
      return reach === 'regions' && principal.allRegions
        ? { allowed: true, reason: 'all_regions' }
        : deny('out_of_scope', `${action} on everything is beyond your scope`);
    }
    const at = place(this.#registry.current(), resource);
    if (!at) return deny('unknown_resource', `${describe(resource)} is not in your scope`);
    return judge(principal, reach, resource, at);
  }

  /** Every region, clinic, camera and terminal the principal may act on with `action`. */
  scopeFilter(principal: Principal | null, action: AccessAction = 'camera.view'): Scope {
    const ix = this.#registry.current();
    const snap = ix.snapshot;
    const reach = principal && !principal.disabled ? RULES[action].roles[principal.role] : undefined;
    const all = reach === 'any' || (reach === 'regions' && principal!.allRegions);
    const regionOk = (regionId: string) =>
      all || (reach === 'regions' && principal!.regionIds.includes(regionId) && ix.regionIds.has(regionId));
    const ownClinic = reach === 'own_clinic' || reach === 'own_webrtc_camera' ? principal!.clinicId : null;
    const clinicIds = new Set(snap.clinics.filter((c) => regionOk(c.regionId) || c.id === ownClinic).map((c) => c.id));
    const cameraIds = new Set(
      snap.cameras
        .filter((c) => clinicIds.has(c.clinicId))
        .filter((c) => reach !== 'own_webrtc_camera' || c.source.kind === 'webrtc')
        .map((c) => c.id),
    );
    return {
      all,
      regionIds: new Set(snap.regions.map((r) => r.id).filter(regionOk)),
      clinicIds,
      cameraIds,
      terminalIds: new Set(snap.terminals.filter((t) => clinicIds.has(t.clinicId)).map((t) => t.id)),
    };
  }
}

/** True when a scope holds the resource (`system` only for an unrestricted scope). */
export function inScope(scope: Scope, resource: Resource): boolean {
  switch (resource.kind) {
    case 'system':
      return scope.all;
    case 'region':
      return scope.regionIds.has(resource.id);
    case 'clinic':
      return scope.clinicIds.has(resource.id);
    case 'camera':
      return scope.cameraIds.has(resource.id);
    case 'terminal':
      return scope.terminalIds.has(resource.id);
  }
}

function place(ix: RegistryIndex, resource: Exclude<Resource, { kind: 'system' }>): Placement | null {
  switch (resource.kind) {
    case 'region':
      return ix.region(resource.id);
    case 'clinic':
      return ix.clinic(resource.id);
    case 'camera':
      return ix.camera(resource.id);
    case 'terminal':
      return ix.terminal(resource.id);
  }
}

function judge(principal: Principal, reach: Exclude<Reach, 'any'>, resource: Resource, at: Placement): Decision {
  const where: Where = { regionId: at.regionId, ...(at.clinicId ? { clinicId: at.clinicId } : {}) };
  const what = describe(resource);
  if (reach === 'regions') {
    if (principal.allRegions) return { allowed: true, reason: 'all_regions', ...where };
    if (principal.regionIds.includes(at.regionId)) return { allowed: true, reason: 'in_region', ...where };
    return deny('out_of_scope', `${what} is outside your regions`, where);
  }
  if (!principal.clinicId || at.clinicId !== principal.clinicId)
    return deny('out_of_scope', `${what} is not part of your clinic`, where);
  if (reach === 'own_webrtc_camera' && at.camera?.source.kind !== 'webrtc')
    return deny('not_publishable', `${what} is not published from a browser`, where);
  return { allowed: true, reason: 'own_clinic', ...where };
}

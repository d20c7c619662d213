import type { AccessAction, RegistrySnapshot } from '@clinicwall/contract';
import type { Principal } from './principal.ts';
import type { AccessPolicy, Scope } from './policy.ts';

/**
 * The actions that make a part of the registry known to a principal: what it may watch, publish or
 * file maintenance reports for (a clinic user learns its own clinic and cameras, nothing else).
 */
export const REGISTRY_ACTIONS: readonly AccessAction[] = ['camera.view', 'camera.produce', 'maintenance.read'];

/** The union of several scopes (unrestricted when any of them is). */
export function unionScope(scopes: readonly Scope[]): Scope {
  const merge = (pick: (s: Scope) => ReadonlySet<string>) => new Set(scopes.flatMap((s) => [...pick(s)]));
  return {
    all: scopes.some((s) => s.all),
    regionIds: merge((s) => s.regionIds),
    clinicIds: merge((s) => s.clinicIds),
    cameraIds: merge((s) => s.cameraIds),
    terminalIds: merge((s) => s.terminalIds),
  };
}

/**
 * The registry as a principal may see it: its regions, and the clinics, cameras and terminals
 * in scope (a region is listed when one of its clinics is). Unrestricted scopes see it all.
 */
export function visibleRegistry(snap: RegistrySnapshot, scope: Scope): RegistrySnapshot {
  if (scope.all) return snap;
  const clinics = snap.clinics.filter((c) => scope.clinicIds.has(c.id));
  const regionIds = new Set([...scope.regionIds, ...clinics.map((c) => c.regionId)]);
  return {
    regions: snap.regions.filter((r) => regionIds.has(r.id)),
    clinics,
    cameras: snap.cameras.filter((c) => scope.cameraIds.has(c.id)),
    terminals: snap.terminals.filter((t) => scope.terminalIds.has(t.id)),
  };
}

/** What a principal may know of the registry (see REGISTRY_ACTIONS). */
export function registryFor(
  policy: AccessPolicy,
  principal: Principal | null,
  snap: RegistrySnapshot,
): RegistrySnapshot {
  return visibleRegistry(snap, unionScope(REGISTRY_ACTIONS.map((a) => policy.scopeFilter(principal, a))));
}

/** A scope as the alarm and ledger services take it: the clinic ids, or null for every clinic. */
export function clinicScopeOf(scope: Scope): ReadonlySet<string> | null {
  return scope.all ? null : scope.clinicIds;
}

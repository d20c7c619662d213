import type { Request } from 'express';
import type { AccessAction } from '@clinicwall/contract';
import type { ClinicScope } from '../../alarms/alarmReads.ts';
import type { Principal } from '../../domain/access/principal.ts';
import type { Resource, Scope } from '../../domain/access/policy.ts';
import { clinicScopeOf } from '../../domain/access/visibleRegistry.ts';
import { DomainError } from '../../domain/errors.ts';
import { contextOf, requestAccess } from './session.ts';

/** The signed-in user (or machine principal) behind an HTTP request; unauthenticated without one. */
export function actorOf(req: Request): Principal {
  const { principal } = requestAccess(req);
  if (!principal) throw new DomainError('unauthenticated', 'sign in first');
  return principal;
}

/** Everything the request's principal may reach with `action` (for filtering lists). */
export function scopeFor(req: Request, action: AccessAction): Scope {
  const { core, principal } = requestAccess(req);
  return core.policy.scopeFilter(principal, action);
}

/** The clinics this request may see with `action` (alarms by default); null for all. */
export function scopeOf(req: Request, action: AccessAction = 'alarms.read'): ClinicScope {
  return clinicScopeOf(scopeFor(req, action));
}

/**
 * Asks the access policy whether the request's principal may do `action` on `resource`: forbidden
 * (403, audited) or unauthenticated (401) when not.
 */
export async function checkAccess(req: Request, action: AccessAction, resource: Resource): Promise<void> {
  const { core, principal } = requestAccess(req);
  await core.guard.check(principal, action, resource, contextOf(req));
}

import type { AccessAction } from '@clinicwall/contract';
import type { AuditDetail } from '@clinicwall/contract';
import type { ClinicScope } from '../../alarms/alarmReads.ts';
import { AccessDeniedError } from '../../domain/access/guard.ts';
import type { Principal } from '../../domain/access/principal.ts';
import type { Resource, Scope } from '../../domain/access/policy.ts';
import { clinicScopeOf } from '../../domain/access/visibleRegistry.ts';
import { socketAccess } from './sessionAuth.ts';
import type { AppSocket } from './handle.ts';

/** The signed-in user behind a socket (kept current by the user-change watch). */
export function actorOf(socket: AppSocket): Principal {
  return socketAccess(socket).principal;
}

/** Everything the socket's user may reach with `action`. */
export function scopeFor(socket: AppSocket, action: AccessAction): Scope {
  const { core, principal } = socketAccess(socket);
  return core.policy.scopeFilter(principal, action);
}

/** The clinics this socket may see with `action` (alarms by default); null for all. */
export function scopeOf(socket: AppSocket, action: AccessAction = 'alarms.read'): ClinicScope {
  return clinicScopeOf(scopeFor(socket, action));
}

/**
 * For requests about no one resource (a receive transport, the alarm feed): the user must reach
 * at least something with `action`, else forbidden (audited).
 */
export async function requireSomeScope(
  socket: AppSocket,
  action: AccessAction,
  detail: AuditDetail = {},
): Promise<void> {
  const scope = scopeFor(socket, action);
  if (scope.all || scope.cameraIds.size > 0 || scope.clinicIds.size > 0) return;
  const { core, principal, ctx } = socketAccess(socket);
  await core.trail.denied(principal, action, { kind: 'system' }, 'role_not_permitted', ctx, detail);
  throw new AccessDeniedError('role_not_permitted', `the ${principal.role} role may not ${action}`);
}

/** Asks the access policy; throws forbidden (audited) when the socket's user may not. */
export async function checkAccess(socket: AppSocket, action: AccessAction, resource: Resource): Promise<void> {
  const { core, principal, ctx } = socketAccess(socket);
  await core.guard.check(principal, action, resource, ctx);
}

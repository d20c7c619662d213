import type { AccessAction } from '@clinicwall/contract';
import { DomainError } from '../errors.ts';
import type { AuditTrail, RequestContext } from '../audit/auditTrail.ts';
import type { Principal } from './principal.ts';
import type { AccessPolicy, Decision, DenyReason, Resource } from './policy.ts';

/** A refused action: code `forbidden` (or `unauthenticated` without a principal), with the policy's reason. */
export class AccessDeniedError extends DomainError {
  readonly reason: DenyReason;
  constructor(reason: DenyReason, message: string) {
    super(reason === 'unauthenticated' ? 'unauthenticated' : 'forbidden', message);
    this.name = 'AccessDeniedError';
    this.reason = reason;
  }
}

/**
 * What every transport calls before acting: asks the policy and, on a denial, writes the audit
 * entry and throws AccessDeniedError. Allowed decisions are returned (not logged: the actions worth
 * logging when allowed are recorded by their own AuditTrail helpers).
 */
export class AccessGuard {
  readonly policy: AccessPolicy;
  readonly #trail: AuditTrail;

  constructor(policy: AccessPolicy, trail: AuditTrail) {
    this.policy = policy;
    this.#trail = trail;
  }

  async check(
    principal: Principal | null,
    action: AccessAction,
    resource: Resource,
    ctx: RequestContext,
  ): Promise<Extract<Decision, { allowed: true }>> {
    const decision = this.policy.decide(principal, action, resource);
    if (decision.allowed) return decision;
    const detail = {
      ...(decision.regionId ? { regionId: decision.regionId } : {}),
      ...(decision.clinicId ? { clinicId: decision.clinicId } : {}),
    };
    await this.#trail.denied(principal, action, resource, decision.reason, ctx, detail);
    throw new AccessDeniedError(decision.reason, decision.message);
  }

  /** Like check, for a batch (e.g. a swipe subscription): the allowed ones, each denial audited. */
  async allowedOf<T>(
    principal: Principal | null,
    action: AccessAction,
    items: readonly T[],
    resourceOf: (item: T) => Resource,
    ctx: RequestContext,
  ): Promise<{ allowed: T[]; denied: { item: T; reason: DenyReason; message: string }[] }> {
    const allowed: T[] = [];
    const denied: { item: T; reason: DenyReason; message: string }[] = [];
    for (const item of items) {
      try {
        await this.check(principal, action, resourceOf(item), ctx);
        allowed.push(item);
      } catch (error) {
        if (!(error instanceof AccessDeniedError)) throw error;
        denied.push({ item, reason: error.reason, message: error.message });
      }
    }
    return { allowed, denied };
  }
}

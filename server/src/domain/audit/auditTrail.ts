import type {
  AccessAction,
  AuditAction,
  AuditActor,
  AuditDetail,
  AuditEntryDto,
  AuditOutcome,
  AuditPageDto,
  AuditQuery,
  AuditTarget,
  AuditTransport,
} from '@clinicwall/contract';
import { actorOf, type Principal } from '../access/principal.ts';
import type { Resource } from '../access/policy.ts';
import type { AuditLog } from './auditLog.ts';

/** Where a request came from, as its transport saw it. */
export interface RequestContext {
  transport: AuditTransport;
  address?: string | null;
}
export const SYSTEM_CONTEXT: RequestContext = { transport: 'system' };

export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  target: AuditTarget | null;
  outcome: AuditOutcome;
  reason?: string | null;
  detail?: AuditDetail;
  ctx: RequestContext;
}

export type AlarmAuditAction = Extract<AccessAction, `alarms.${'ack' | 'snooze' | 'comment' | 'clear'}`>;
export type UserAuditAction = Extract<AuditAction, `users.${string}`>;

export function targetOf(resource: Resource): AuditTarget {
  return resource.kind === 'system' ? { kind: 'system', id: '*' } : { kind: resource.kind, id: resource.id };
}

/**
 * One live span of a camera, a view (media flowing to a user) or a publication (a user's browser
 * sending the camera); `end()` records when it stopped (once, however often called).
 */
export interface CameraSpan {
  readonly id: string;
  readonly cameraId: string;
  readonly startedAt: number;
  end(reason?: string): Promise<void>;
}
/** A view of a camera (see AuditTrail.startView). */
export type CameraView = CameraSpan;

const SPANS = {
  view: { started: 'camera.view_started', ended: 'camera.view_ended', idKey: 'viewId' },
  publish: { started: 'camera.publish_started', ended: 'camera.publish_ended', idKey: 'publicationId' },
} as const;

export class AuditTrail {
  readonly #log: AuditLog;
  readonly #now: () => number;

  constructor(log: AuditLog, now: () => number = Date.now) {
    this.#log = log;
    this.#now = now;
  }

  record(r: AuditRecord): Promise<AuditEntryDto> {
    return this.#log.append({
      at: new Date(this.#now()).toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      outcome: r.outcome,
      reason: r.reason ?? null,
      detail: r.detail ?? {},
      transport: r.ctx.transport,
      address: r.ctx.address ?? null,
    });
  }

  query(q: AuditQuery): Promise<AuditPageDto> {
    return this.#log.query(q);
  }

  /** A refused attempt, from any transport. */
  denied(
    principal: Principal | null,
    action: AuditAction,
    resource: Resource,
    reason: string,
    ctx: RequestContext,
    detail: AuditDetail = {},
  ): Promise<AuditEntryDto> {
    return this.record({
      actor: actorOf(principal),
      action,
      target: targetOf(resource),
      outcome: 'denied',
      reason,
      detail,
      ctx,
    });
  }

  /** Call when media of a camera starts flowing to the principal (SFU consumer, HLS session). */
  startView(
    principal: Principal,
    cameraId: string,
    ctx: RequestContext,
    detail: AuditDetail = {},
  ): Promise<CameraView> {
    return this.#startSpan('view', principal, cameraId, ctx, detail);
  }

  /** Call when the principal's browser starts publishing a camera (SFU producer). */
  startPublish(
    principal: Principal,
    cameraId: string,
    ctx: RequestContext,
    detail: AuditDetail = {},
  ): Promise<CameraSpan> {
    return this.#startSpan('publish', principal, cameraId, ctx, detail);
  }

  async #startSpan(
    kind: keyof typeof SPANS,
    principal: Principal,
    cameraId: string,
    ctx: RequestContext,
    detail: AuditDetail,
  ): Promise<CameraSpan> {
    const actions = SPANS[kind];
    const target: AuditTarget = { kind: 'camera', id: cameraId };
    const actor = actorOf(principal);
    const started = await this.record({
      actor,
      action: actions.started,
      target,
      outcome: 'allowed',
      detail,
      ctx,
    });
    const startedAt = Date.parse(started.at);
    let ended: Promise<void> | null = null;
    return {
      id: started.id,
      cameraId,
      startedAt,
      end: (reason = 'closed') => {
        ended ??= (async () => {
          const endedAt = this.#now();
          const endDetail: AuditDetail = {
            ...detail,
            [actions.idKey]: started.id,
            startedAt: started.at,
            endedAt: new Date(endedAt).toISOString(),
            durationMs: Math.max(0, endedAt - startedAt),
          };
          await this.record({
            actor,
            action: actions.ended,
            target,
            outcome: 'allowed',
            reason,
            detail: endDetail,
            ctx,
          });
        })();
        return ended;
      },
    };
  }

  /** Ack, snooze, comment or clear; alarm actions target the camera, the alarm is in the detail. */
  alarmAction(
    principal: Principal,
    action: AlarmAuditAction,
    cameraId: string,
    alarmId: string | null,
    ctx: RequestContext,
    detail: AuditDetail = {},
  ): Promise<AuditEntryDto> {
    return this.record({
      actor: actorOf(principal),
      action,
      target: { kind: 'camera', id: cameraId },
      outcome: 'allowed',
      detail: { ...detail, alarmId },
      ctx,
    });
  }

  /** A terminal was mapped to another camera (or to none). */
  mappingChanged(
    principal: Principal,
    terminalId: string,
    from: string | null,
    to: string | null,
    ctx: RequestContext,
  ): Promise<AuditEntryDto> {
    return this.record({
      actor: actorOf(principal),
      action: 'mappings.edit',
      target: { kind: 'terminal', id: terminalId },
      outcome: 'allowed',
      detail: { fromCameraId: from, toCameraId: to },
      ctx,
    });
  }

  /** An admin created or changed a user. */
  userChanged(
    principal: Principal,
    action: UserAuditAction,
    userId: string,
    ctx: RequestContext,
    detail: AuditDetail = {},
  ): Promise<AuditEntryDto> {
    return this.record({
      actor: actorOf(principal),
      action,
      target: { kind: 'user', id: userId },
      outcome: 'allowed',
      detail,
      ctx,
    });
  }
}

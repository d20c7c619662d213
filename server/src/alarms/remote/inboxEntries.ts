import { z } from 'zod';
import {
  AckAlarmRequest,
  CAMERA_STATES,
  ClearAlarmRequest,
  CommentAlarmRequest,
  ERROR_CODES,
  Role,
  SnoozeCameraRequest,
  TileHealth,
  UnsnoozeCameraRequest,
} from '@clinicwall/contract';

/**
 * What server processes send the alarm leader through the inbox, and the leader's replies. Read
 * back from Redis, every entry is checked like any other input.
 */

const Id = z.string().min(1).max(200);
const Ms = z.number().finite();
/** Every entry: the sending process and when it sent it (its clock). */
const from = { origin: Id, at: Ms };

/** A maintenance report as the edge parsed it (times in ms). */
const ParsedReport = z.object({
  clinicId: Id,
  cameraIds: z.array(Id).min(1),
  startsAt: Ms,
  endsAt: Ms,
  reason: z.string().min(1).max(500),
});

/** An operator's request, validated at the edge of the process that received it. */
export const AlarmCommand = z.discriminatedUnion('op', [
  z.object({ op: z.literal('ack'), req: AckAlarmRequest }),
  z.object({ op: z.literal('clear'), req: ClearAlarmRequest }),
  z.object({ op: z.literal('comment'), req: CommentAlarmRequest }),
  z.object({ op: z.literal('snooze'), req: SnoozeCameraRequest }),
  z.object({ op: z.literal('unsnooze'), req: UnsnoozeCameraRequest }),
  z.object({ op: z.literal('report'), req: ParsedReport }),
]);
export type AlarmCommand = z.infer<typeof AlarmCommand>;

export const FeedReport = z.object({ cameraId: Id, state: z.enum(CAMERA_STATES) });
export type FeedReport = z.infer<typeof FeedReport>;

export const InboxEntry = z.discriminatedUnion('t', [
  /** A wall's verdict of a camera's picture. */
  z.object({ t: z.literal('picture'), ...from, cameraId: Id, source: Id, verdict: TileHealth, onsetAt: Ms.optional() }),
  z.object({ t: z.literal('withdraw'), ...from, cameraId: Id, source: Id }),
  /** A wall went away. */
  z.object({ t: z.literal('forget'), ...from, source: Id }),
  /** The sender's SFU liveness: every camera it has (`full`, its heartbeat) or the ones that changed. */
  z.object({ t: z.literal('feeds'), ...from, full: z.boolean(), feeds: z.array(FeedReport).max(10_000) }),
  /** An operator's request; the sender waits for the reply until `expiresAt`, the leader skips it after. */
  z.object({
    t: z.literal('command'),
    ...from,
    id: Id,
    expiresAt: Ms,
    actor: z.object({ id: Id, role: Role }),
    command: AlarmCommand,
  }),
]);
export type InboxEntry = z.infer<typeof InboxEntry>;
/** An entry before the inbox stamps it with the sender. */
type Unstamped<E> = E extends unknown ? Omit<E, 'origin' | 'at'> : never;
export type InboxPost = Unstamped<InboxEntry>;

export const InboxReply = z.discriminatedUnion('ok', [
  z.object({ id: Id, ok: z.literal(true), data: z.unknown() }),
  z.object({
    id: Id,
    ok: z.literal(false),
    code: z.enum(ERROR_CODES),
    message: z.string().max(2000),
    /** Per-field messages of an invalid_argument. */
    fields: z.record(z.string(), z.string()).optional(),
  }),
]);
export type InboxReply = z.infer<typeof InboxReply>;

/** The inbox of the alarm leader (Redis: a stream, see adapters/redis/alarmInbox.ts). */
export interface AlarmInbox {
  /** This process's origin name (entries it posts carry it; replies to it come back here). */
  readonly origin: string;
  /** Appends an entry (durably, before it resolves). */
  post(entry: InboxPost): Promise<void>;
  /** Hears the replies to this process's commands. */
  onReply(listener: (reply: InboxReply) => void): void;
  /** The leader answers a command of `origin`. */
  reply(origin: string, reply: InboxReply): Promise<void>;
  /**
   * The leader reads entries from where the last leader stopped, in order, one at a time; the
   * position is saved only while `leaseToken` still holds the lease. `stop()` ends the reading.
   */
  consume(leaseToken: string, handle: (entry: InboxEntry) => Promise<void>): { stop(): Promise<void> };
}

import type { Ack } from './errors.ts';
import type { HealthWithdrawRequest, TileVerdict } from './health.ts';
import type { SessionEndReason } from './accounts.ts';
import type { CameraStatus, ConsumerDto, ProducerClosedDto, TransportOptionsDto } from './media.ts';
import type {
  ConnectTransportRequest,
  ConsumeRequest,
  ConsumerRequest,
  CreateTransportRequest,
  ProduceRequest,
} from './media.ts';
import type { SwipeRecord, SwipeSubscribeRequest, SwipeSubscribeResult, SwipeUnsubscribeRequest } from './swipes.ts';

import type {
  AckAlarmRequest,
  AlarmDto,
  AlarmEventDto,
  CameraSnoozeDto,
  ClearAlarmRequest,
  CommentAlarmRequest,
  SnoozeCameraRequest,
  UnsnoozeCameraRequest,
} from './alarms.ts';

type Req<P, R> = (payload: P, ack: (res: Ack<R>) => void) => void;

/** Events a browser sends; every one is acknowledged with an Ack. */
export interface ClientToServerEvents {
  'rtc:capabilities': Req<Record<string, never>, { routerRtpCapabilities: unknown }>;
  'rtc:createTransport': Req<CreateTransportRequest, TransportOptionsDto>;
  'rtc:connectTransport': Req<ConnectTransportRequest, Record<string, never>>;
  'rtc:consume': Req<ConsumeRequest, ConsumerDto>;
  'rtc:resumeConsumer': Req<ConsumerRequest, Record<string, never>>;
  'rtc:pauseConsumer': Req<ConsumerRequest, Record<string, never>>;
  'rtc:closeConsumer': Req<ConsumerRequest, Record<string, never>>;
  'rtc:produce': Req<ProduceRequest, { producerId: string }>;
  'cameras:status': Req<Record<string, never>, CameraStatus[]>;
  /** A wall reports a smoothed tile-health change of a camera it shows. */
  'health:verdict': Req<TileVerdict, Record<string, never>>;
  /** A wall no longer shows (judges) these cameras: its verdicts on them stop counting. */
  'health:withdraw': Req<HealthWithdrawRequest, Record<string, never>>;
  /**
   * Join the swipe rooms of these cameras; swipes after each lastId come back in the ack, oldest
   * first, with every camera's cursor (live swipes follow from there, see SwipeSubscribeResult).
   */
  'swipes:subscribe': Req<SwipeSubscribeRequest, SwipeSubscribeResult>;
  'swipes:unsubscribe': Req<SwipeUnsubscribeRequest, Record<string, never>>;
  /**
   * Join the alarm feed of the caller's scope: the ack carries the open alarms (active and
   * acknowledged, newest first) and the current snoozes; later changes arrive as `alarm` events.
   */
  'alarms:subscribe': Req<Record<string, never>, { alarms: AlarmDto[]; snoozes: CameraSnoozeDto[] }>;
  'alarms:ack': Req<AckAlarmRequest, AlarmDto>;
  'alarms:clear': Req<ClearAlarmRequest, AlarmDto>;
  'alarms:comment': Req<CommentAlarmRequest, AlarmDto>;
  'cameras:snooze': Req<SnoozeCameraRequest, CameraSnoozeDto>;
  'cameras:unsnooze': Req<UnsnoozeCameraRequest, Record<string, never>>;
}

/** Events the server pushes. */
export interface ServerToClientEvents {
  'camera:status': (status: CameraStatus) => void;
  /** A consumer ended on the server (producer gone, camera restarted): the client re-consumes. */
  'consumer:closed': (payload: { consumerId: string; cameraId: string; reason: string }) => void;
  /** The server closed one of the socket's producers (see ProducerCloseReason); it is not re-published by itself. */
  'producer:closed': (payload: ProducerClosedDto) => void;
  /** The socket's session ended; the server disconnects the socket right after (sign in again). */
  'session:ended': (payload: { reason: SessionEndReason }) => void;
  /**
   * New swipes at terminals seen by the subscribed cameras (record.cameraIds), oldest first: one or
   * several, when several were stored together (one message per wall, however many swipes).
   */
  swipes: (records: SwipeRecord[]) => void;
  /** An alarm changed (raised, activated, acknowledged, escalated, cleared, commented, reported, snoozed...). */
  alarm: (event: AlarmEventDto) => void;
}

export type ClientEvent = keyof ClientToServerEvents;

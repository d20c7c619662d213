import { z } from 'zod';
import { StreamKind } from './registry.ts';

/**
 * What a wall shows for a camera:
 *  - connecting: ingest starting or no media seen yet
 *  - live: media arriving at the SFU
 *  - no_signal: the camera stopped sending (ingest down or silent for longer than the threshold)
 */
export const CAMERA_STATES = ['connecting', 'live', 'no_signal'] as const;
export type CameraState = (typeof CAMERA_STATES)[number];

/** Ingest process state, as the supervisor sees it. */
export const INGEST_STATES = ['idle', 'starting', 'running', 'backoff', 'stopped'] as const;
export type IngestState = (typeof INGEST_STATES)[number];

export interface StreamStatus {
  /** The producer currently carrying this stream, null when none. */
  producerId: string | null;
  width: number | null;
  height: number | null;
}

export interface CameraStatus {
  cameraId: string;
  state: CameraState;
  /** ms since epoch of the last state change */
  since: number;
  streams: Record<StreamKind, StreamStatus>;
  ingest: { state: IngestState; restarts: number; lastError: string | null; nextRetryAt: number | null } | null;
}

// ---- signalling payloads (validated at the edge) ----
const opaque = z.record(z.string(), z.unknown());

export const CreateTransportRequest = z.object({ direction: z.enum(['recv', 'send']) });
export const ConnectTransportRequest = z.object({ transportId: z.string().min(1), dtlsParameters: opaque });
export const ConsumeRequest = z.object({
  transportId: z.string().min(1),
  cameraId: z.string().min(1),
  stream: StreamKind,
  rtpCapabilities: opaque,
});
export const ConsumerRequest = z.object({ consumerId: z.string().min(1) });
export const ProduceRequest = z.object({
  transportId: z.string().min(1),
  cameraId: z.string().min(1),
  kind: z.literal('video'),
  rtpParameters: opaque,
});

export type CreateTransportRequest = z.infer<typeof CreateTransportRequest>;
export type ConnectTransportRequest = z.infer<typeof ConnectTransportRequest>;
export type ConsumeRequest = z.infer<typeof ConsumeRequest>;
export type ConsumerRequest = z.infer<typeof ConsumerRequest>;
export type ProduceRequest = z.infer<typeof ProduceRequest>;

export interface TransportOptionsDto {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
}

export interface ConsumerDto {
  consumerId: string;
  producerId: string;
  cameraId: string;
  stream: StreamKind;
  kind: 'video';
  rtpParameters: unknown;
}

/**
 * Why the server closed a publisher's producer: the user may no longer publish the camera (its
 * scope changed; publishing again is refused), or the SFU closed it (a newer publisher of the
 * camera took over, the camera was removed).
 */
export const PRODUCER_CLOSE_REASONS = ['out_of_scope', 'closed'] as const;
export type ProducerCloseReason = (typeof PRODUCER_CLOSE_REASONS)[number];

/** `producer:closed`: one of the socket's producers was closed by the server. */
export interface ProducerClosedDto {
  producerId: string;
  cameraId: string;
  reason: ProducerCloseReason;
}

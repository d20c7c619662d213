import { z } from 'zod';

export const CAMERA_AREAS = ['entrance', 'consulting', 'ward', 'cashier', 'pharmacy'] as const;
export const CameraArea = z.enum(CAMERA_AREAS);
export type CameraArea = z.infer<typeof CameraArea>;

export const STREAM_KINDS = ['main', 'sub'] as const;
export const StreamKind = z.enum(STREAM_KINDS);
export type StreamKind = z.infer<typeof StreamKind>;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, at most 64');

/** Where a camera's video comes from. */
export const CameraSource = z.discriminatedUnion('kind', [
  /** An IP camera (or the simulator) pulled by an ingest process: one URL per stream. */
  z.object({
    kind: z.literal('ingest'),
    main: z.string().regex(/^(rtsp|rtsps|udp|srt|http|https):\/\//, 'an rtsp://, udp://, srt:// or http(s):// URL'),
    sub: z.string().regex(/^(rtsp|rtsps|udp|srt|http|https):\/\//, 'an rtsp://, udp://, srt:// or http(s):// URL'),
  }),
  /** A clinic browser publishing its webcam over WebRTC (simulcast: low layer = sub, high = main). */
  z.object({ kind: z.literal('webrtc') }),
]);
export type CameraSource = z.infer<typeof CameraSource>;

export const Region = z.object({ id, name: z.string().min(1), nameEn: z.string().min(1) });
export type Region = z.infer<typeof Region>;

export const Clinic = z.object({
  id,
  code: z.string().min(1),
  regionId: id,
  name: z.string().min(1),
  nameEn: z.string().min(1),
  level: z.enum(['hospital', 'clinic', 'pharmacy']),
});
export type Clinic = z.infer<typeof Clinic>;

export const Camera = z.object({
  id,
  clinicId: id,
  name: z.string().min(1),
  nameEn: z.string().min(1),
  area: CameraArea,
  source: CameraSource,
});
export type Camera = z.infer<typeof Camera>;

export const Terminal = z.object({ id, clinicId: id, cameraId: id.nullable(), name: z.string().min(1) });
export type Terminal = z.infer<typeof Terminal>;

export const RegistrySnapshot = z.object({
  regions: z.array(Region),
  clinics: z.array(Clinic),
  cameras: z.array(Camera),
  terminals: z.array(Terminal),
});
export type RegistrySnapshot = z.infer<typeof RegistrySnapshot>;

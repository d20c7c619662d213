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

/** A place on the map (WGS-84 degrees). */
export const GeoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HH_MM = '(?:[01]\\d|2[0-3]):[0-5]\\d';
/**
 * `HH:MM-HH:MM` in China time (UTC+8), open from the start (included) to the end (excluded);
 * `24:00` ends at midnight, and an end before the start runs past midnight into the next day.
 */
export const OpeningInterval = z
  .string()
  .regex(new RegExp(`^${HH_MM}-(?:${HH_MM}|24:00)$`), 'HH:MM-HH:MM, e.g. 08:00-17:30')
  .refine((s) => s.slice(0, 5) !== s.slice(6), 'the start and the end must differ');
export type OpeningInterval = z.infer<typeof OpeningInterval>;

const openingDay = z.array(OpeningInterval).max(8).optional();
/** Opening hours per weekday (China time); a day that is absent or empty is closed. */
export const OpeningHours = z.object({
  mon: openingDay,
  tue: openingDay,
  wed: openingDay,
  thu: openingDay,
  fri: openingDay,
  sat: openingDay,
  sun: openingDay,
});
export type OpeningHours = z.infer<typeof OpeningHours>;

export const Clinic = z.object({
  id,
  code: z.string().min(1),
  regionId: id,
  name: z.string().min(1),
  nameEn: z.string().min(1),
  level: z.enum(['hospital', 'clinic', 'pharmacy']),
  /** Where it is: swipes of one card at two clinics too far apart in too short a time are flagged. */
  geo: GeoPoint.optional(),
  /** When it is open; absent = around the clock (or unknown): no swipe there is "after hours". */
  hours: OpeningHours.optional(),
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

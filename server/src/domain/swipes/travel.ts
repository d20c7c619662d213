import type { GeoPoint } from '@clinicwall/contract';

/** Mean Earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;
const HOUR_MS = 3600_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance between two points, km (haversine). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Thresholds of the card-travel rule. */
export interface TravelPolicy {
  /** Faster than this between the two clinics (km/h) ... */
  maxKmh: number;
  /** ... and at least this far apart (km): neighbours are never flagged. */
  minKm: number;
  /** Only a sighting at most this long before or after is compared. */
  windowMs: number;
}

/** A card at a clinic (its place, when the registry knows it) at a time. */
export interface TravelFix {
  geo: GeoPoint | undefined;
  atMs: number;
}

/**
 * The same card at two places too far apart for the time between them: at least `minKm` apart and
 * an implied speed above `maxKmh` (two swipes at once at distant clinics count as infinitely fast).
 * Skipped when either clinic has no coordinates or the earlier sighting is outside the window.
 */
export function cardTravelled(previous: TravelFix | null, current: TravelFix, policy: TravelPolicy): boolean {
  if (!previous?.geo || !current.geo) return false;
  const dtMs = Math.abs(current.atMs - previous.atMs);
  if (dtMs > policy.windowMs) return false;
  const km = haversineKm(previous.geo, current.geo);
  if (km < policy.minKm) return false;
  return km * HOUR_MS > policy.maxKmh * dtMs;
}

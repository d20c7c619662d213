import type { CameraHealthDto, VerdictRecord } from './health.ts';
import type { CameraStatus } from './media.ts';
import type { RegistrySnapshot } from './registry.ts';

/** HTTP DTOs (routes under /api/v1). */
export interface HealthDto {
  ok: boolean;
  version: string;
  workers: number;
  cameras: number;
  live: number;
}
export type RegistryDto = RegistrySnapshot;
export type CameraStatusListDto = CameraStatus[];

/** GET /api/v1/tile-health: merged verdict per camera and the newest reports. */
export interface TileHealthListDto {
  cameras: CameraHealthDto[];
  recent: VerdictRecord[];
}

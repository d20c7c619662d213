import { z } from 'zod';

/** What the tile-health pipeline says about a camera's picture. */
export const TILE_HEALTH = ['ok', 'blank', 'frozen', 'occluded', 'redirected'] as const;
export const TileHealth = z.enum(TILE_HEALTH);
export type TileHealth = z.infer<typeof TileHealth>;

/** A smoothed verdict change reported by a wall (or the server-side sentinel, later). */
export const TileVerdict = z.object({
  cameraId: z.string().min(1).max(64),
  verdict: TileHealth,
  confidence: z.number().min(0).max(1),
  /** When the condition began (ms since epoch). */
  onsetAt: z.number().int().positive(),
  modelVersion: z.string().min(1).max(64),
  backend: z.enum(['wasm', 'webgpu', 'node']),
});
export type TileVerdict = z.infer<typeof TileVerdict>;

/** The most cameras one `health:withdraw` may name (a wall page shows at most 100 tiles). */
export const MAX_WITHDRAW_CAMERAS = 100;

/**
 * A wall stopped judging these cameras (paged away, layout or focus change, tile no longer live):
 * its verdicts on them stop counting, as if it had never reported them.
 */
export const HealthWithdrawRequest = z.object({
  cameraIds: z
    .array(z.string().min(1).max(64))
    .min(1, 'at least one camera')
    .max(MAX_WITHDRAW_CAMERAS, `at most ${MAX_WITHDRAW_CAMERAS} cameras per request`),
});
export type HealthWithdrawRequest = z.infer<typeof HealthWithdrawRequest>;

/** A verdict as the server keeps it: with who reported it and when it arrived. */
export interface VerdictRecord extends TileVerdict {
  reporter: string;
  receivedAt: number;
}

/** Current merged state of one camera: several walls watching it give one verdict, not several. */
export interface CameraHealthDto {
  cameraId: string;
  verdict: TileHealth;
  since: number;
  reporters: number;
}

/**
 * Painted-frame counts per camera, fed by requestVideoFrameCallback on each tile's <video>.
 * The only per-frame JS on the wall; read by the stall watchdog and by tests via window.__clinicwall.
 */
const counts = new Map<string, number>();

export function countFrame(cameraId: string): number {
  const n = (counts.get(cameraId) ?? 0) + 1;
  counts.set(cameraId, n);
  return n;
}

export function frames(cameraId: string): number {
  return counts.get(cameraId) ?? 0;
}

export function resetFrames(): void {
  counts.clear();
}

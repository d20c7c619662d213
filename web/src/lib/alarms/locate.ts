/** The wall page (1-based) that shows a camera in the given layout, or null when it is not on the wall. */
export function pageOfCamera(cameraIds: readonly string[], cameraId: string, layout: number): number | null {
  const index = cameraIds.indexOf(cameraId);
  if (index < 0 || layout < 1) return null;
  return Math.floor(index / layout) + 1;
}

/**
 * A tile's second label line: "area · camera", without repeating the area when the camera is
 * already named after it (收费处 · 收费处 → 收费处; Pharmacy · Pharmacy counter → Pharmacy counter).
 */
export function tileCaption(areaLabel: string, cameraName: string): string {
  const a = areaLabel.trim();
  const c = cameraName.trim();
  if (!a) return c;
  if (!c) return a;
  if (c.toLowerCase().includes(a.toLowerCase())) return c;
  return `${a} · ${c}`;
}

/**
 * The machine-readable clock the camera simulator burns into every frame, read back by the wall's
 * latency probe: 32 cells in a black strip at the bottom of the picture, each white for a 1 bit of
 * (milliseconds since epoch mod 2^32), least significant bit first. Positions scale with the frame,
 * so the same layout reads on the main stream and on the substream.
 */
export const TIMECODE_BITS = 32;

export interface TimecodeCell {
  bit: number;
  x: number;
  y: number;
  size: number;
}

/** Cell size in pixels for a frame of this width (16 px at 640, 8 px at 320). */
export function timecodeCellSize(width: number): number {
  return Math.max(4, Math.floor(width / 40));
}

/** The black strip the cells sit in: full width, two cells tall, at the bottom. */
export function timecodeStrip(width: number, height: number): { x: number; y: number; w: number; h: number } {
  const size = timecodeCellSize(width);
  return { x: 0, y: height - 2 * size, w: width, h: 2 * size };
}

export function timecodeCells(width: number, height: number): TimecodeCell[] {
  const size = timecodeCellSize(width);
  const y = height - Math.round(1.5 * size);
  return Array.from({ length: TIMECODE_BITS }, (_, bit) => ({ bit, x: (4 + bit) * size, y, size }));
}

/** Encodes a time as the 32 cell values (true = white). */
export function encodeTimecode(epochMs: number): boolean[] {
  const v = Math.floor(epochMs) % 2 ** 32;
  return Array.from({ length: TIMECODE_BITS }, (_, bit) => Math.floor(v / 2 ** bit) % 2 === 1);
}

/**
 * Reads the timecode from a luma sampler (0..255 at integer x, y). Returns ms mod 2^32, or null when
 * the strip is not there (for instance a blank picture).
 */
export function decodeTimecode(width: number, height: number, luma: (x: number, y: number) => number): number | null {
  const cells = timecodeCells(width, height);
  const strip = timecodeStrip(width, height);
  // The strip left of the first cell must be black, or there is no timecode in this picture.
  if (luma(Math.floor(cells[0]!.size), strip.y + Math.floor(strip.h / 2)) > 60) return null;
  let value = 0;
  for (const c of cells) {
    const cx = c.x + Math.floor(c.size / 2);
    const cy = c.y + Math.floor(c.size / 2);
    let sum = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += luma(cx + dx, cy + dy);
    if (sum / 9 >= 128) value += 2 ** c.bit;
  }
  return value;
}

/** Latency in ms from a decoded timecode to `nowMs`, handling the 2^32 wrap. */
export function timecodeAgeMs(decoded: number, nowMs: number): number {
  const now = Math.floor(nowMs) % 2 ** 32;
  let age = now - decoded;
  if (age < -(2 ** 31)) age += 2 ** 32;
  if (age > 2 ** 31) age -= 2 ** 32;
  return age;
}

import type { CameraArea } from '@clinicwall/contract';

/**
 * How one simulated camera's room looks: colours, furniture placement, the walker, the cover and
 * the re-aimed framing. Deterministic from the camera index, so camera 3 always shows the same room.
 * Positions are fractions of the main picture (width or height); colours are 0xRRGGBB.
 */
export interface Look {
  area: CameraArea;
  wall: [number, number];
  ceiling: number;
  floor: number;
  grout: number;
  accent: number;
  wood: number;
  doorX: number;
  furnitureX: number;
  posterX: number;
  poster: { x: number; y: number; scale: number; hue: number };
  person: { shirt: number; trousers: number; skin: number; hair: number };
  /** Walking speed in picture widths per second, start phase 0..1, feet depth below the wall 0..1. */
  walk: { speed: number; phase: number; depth: number };
  solid: number;
  cloth: number;
  /** Re-aimed framing: shift right (fraction of width) and rotation (radians). */
  reaim: { x: number; angle: number };
}

/** mulberry32: a tiny deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = (seed * 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HSL (h in turns, s and l 0..1) to 0xRRGGBB. */
export function hsl(h: number, s: number, l: number): number {
  const k = (n: number) => (n + h * 12) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return (f(0) << 16) | (f(8) << 8) | f(4);
}

const SKINS = [0xf1c7a5, 0xe0ac83, 0xc68a63, 0xf5d3b8, 0xd9a07a];
const HAIRS = [0x1b1410, 0x2e2118, 0x4a3526, 0x222222, 0x6b6b6b];
const SOLIDS = [0x7f7f7f, 0x00a050, 0x4040c0, 0xc0c0c0];
const CLOTHS = [0x2b3a67, 0x5c4033, 0x3d5a40, 0x8a7f6a, 0x6b2d3a];

export function lookFor(index: number, area: CameraArea): Look {
  const r = rng(index + 1);
  // Spread wall hues around the colour wheel by index so neighbouring tiles differ clearly.
  const hue = (index * 0.381966 + r() * 0.1) % 1;
  return {
    area,
    wall: [hsl(hue, 0.35 + 0.2 * r(), 0.78 + 0.08 * r()), hsl((hue + 0.08) % 1, 0.3, 0.55 + 0.1 * r())],
    ceiling: hsl(hue, 0.08, 0.9),
    floor: hsl((hue + 0.5) % 1, 0.2 + 0.2 * r(), 0.45 + 0.15 * r()),
    grout: hsl((hue + 0.5) % 1, 0.15, 0.3),
    accent: hsl((hue + 0.25 + 0.5 * r()) % 1, 0.6, 0.45),
    wood: hsl(0.07 + 0.04 * r(), 0.45, 0.35 + 0.2 * r()),
    doorX: 0.04 + 0.12 * r(),
    furnitureX: 0.4 + 0.18 * r(),
    posterX: 0.24 + 0.06 * r(),
    poster: { x: -0.75 + 0.2 * r(), y: -0.15 + 0.3 * r(), scale: 1.5 + r(), hue: r() },
    person: {
      shirt: hsl(r(), 0.65, 0.45),
      trousers: hsl(0.6 + 0.1 * r(), 0.3, 0.15 + 0.2 * r()),
      skin: SKINS[index % SKINS.length]!,
      hair: HAIRS[(index * 3) % HAIRS.length]!,
    },
    walk: { speed: 0.07 + 0.07 * r(), phase: r(), depth: 0.15 + 0.6 * r() },
    solid: SOLIDS[index % SOLIDS.length]!,
    cloth: CLOTHS[index % CLOTHS.length]!,
    reaim: { x: 0.55 + 0.35 * r(), angle: (r() < 0.5 ? -1 : 1) * (0.05 + 0.05 * r()) },
  };
}

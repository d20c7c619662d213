/**
 * Reader of the committed tile-health validation set (models/test/fixtures/tile-health-val.bin.gz,
 * written by models/training/make_ci_set.py; the format is described there).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

export const CI_SET_PATH = new URL('./fixtures/tile-health-val.bin.gz', import.meta.url);
const SIDE = 64;
const PLANE = SIDE * SIDE;
const FRAME = 3 * PLANE;

const Header = z.object({
  classes: z.array(z.string()).length(4),
  subtypes: z.array(z.string()),
  seed: z.number().int(),
  scene_groups: z.array(z.string()).min(1),
  cameras: z.number().int().positive(),
  per_camera: z.number().int().positive(),
  n: z.number().int().positive(),
  label: z.array(z.number().int().min(0).max(3)),
  subtype: z.array(z.number().int().min(0)),
  camera: z.array(z.number().int().min(0)),
});
export type CiHeader = z.infer<typeof Header>;

export interface CiSet {
  header: CiHeader;
  /** [n, 9, 64, 64] RGB / 255: current, recent, reference (the model's input). */
  batch: Float32Array;
}

/** Undoes the LOCO-I median predictor on one 64x64 plane, in place into `out` at `at`. */
function restorePlane(res: Uint8Array, out: Uint8Array, at: number): void {
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const left = x ? out[at + y * SIDE + x - 1]! : 0;
      const up = y ? out[at + (y - 1) * SIDE + x]! : 0;
      const ul = x && y ? out[at + (y - 1) * SIDE + x - 1]! : 0;
      const hi = Math.max(left, up);
      const lo = Math.min(left, up);
      const pred = ul >= hi ? lo : ul <= lo ? hi : left + up - ul;
      out[at + y * SIDE + x] = (res[y * SIDE + x]! + pred) & 255;
    }
  }
}

function frame(buf: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(FRAME);
  for (let c = 0; c < 3; c++) restorePlane(buf.subarray(offset + c * PLANE, offset + (c + 1) * PLANE), out, c * PLANE);
  return out;
}

export function readCiSet(path: URL | string = CI_SET_PATH): CiSet {
  const raw = new Uint8Array(gunzipSync(readFileSync(path)));
  if (new TextDecoder().decode(raw.subarray(0, 4)) !== 'THV1') throw new Error(`${String(path)}: not a THV1 file`);
  const headerLen = new DataView(raw.buffer, raw.byteOffset + 4, 4).getUint32(0, true);
  const header = Header.parse(JSON.parse(new TextDecoder().decode(raw.subarray(8, 8 + headerLen))));
  const { n, cameras, per_camera: k } = header;
  if (n !== cameras * k || header.label.length !== n || header.subtype.length !== n || header.camera.length !== n)
    throw new Error('inconsistent header');
  const expected = 8 + headerLen + cameras * (1 + 2 * k) * FRAME;
  if (raw.length !== expected) throw new Error(`size ${raw.length}, expected ${expected}`);
  const batch = new Float32Array(n * 3 * FRAME);
  let off = 8 + headerLen;
  let i = 0;
  const put = (f: Uint8Array, item: number, slot: number) => {
    const base = item * 3 * FRAME + slot * FRAME;
    for (let j = 0; j < FRAME; j++) batch[base + j] = f[j]! / 255;
  };
  for (let c = 0; c < cameras; c++) {
    const ref = frame(raw, off);
    off += FRAME;
    for (let s = 0; s < k; s++, i++) {
      put(frame(raw, off), i, 0);
      put(frame(raw, off + FRAME), i, 1);
      put(ref, i, 2);
      off += 2 * FRAME;
    }
  }
  return { header, batch };
}
